"""Articles in scripts written without spaces are kept, with honest word counts."""
import pytest

from cleaning import Article, PageInput, clean_page

CHINESE = [
    "市政府周二宣布，将在明年春季之前完成城北地区三条公交线路的延伸工程，以缓解通勤高峰时段的拥堵问题。",
    "交通部门负责人表示，新线路每天预计可服务约四万名乘客，并将与现有地铁站实现无缝换乘，减少市民的出行时间。",
    "部分居民对施工期间可能带来的噪音和交通不便表示担忧，市政府承诺将在夜间限制施工时间并提前发布公告。",
    "据悉，该项目总投资约十二亿元，资金主要来自市级财政和国家专项债券，工程将分两期进行。",
]
JAPANESE = [
    "気象庁は十四日、関東地方で記録的な大雨が続いているとして、土砂災害や河川の氾濫に厳重な警戒を呼びかけた。",
    "各地の自治体は避難所を開設し、高齢者や体の不自由な住民に早めの避難を促している。鉄道各社も一部の路線で運転を見合わせた。",
    "専門家によると、今回の雨は梅雨前線が停滞したことによるもので、週末にかけてさらに雨量が増える可能性があるという。",
    "政府は関係省庁の連絡会議を開き、被害状況の把握と支援体制の確認を急いでいる。",
]
THAI = [
    "กรมอุตุนิยมวิทยาประกาศเตือนประชาชนในภาคเหนือให้ระวังอันตรายจากฝนตกหนักและน้ำป่าไหลหลากในช่วงสามวันข้างหน้า",
    "เจ้าหน้าที่ท้องถิ่นได้เตรียมศูนย์พักพิงชั่วคราวและอุปกรณ์กู้ภัยไว้ในหลายอำเภอเพื่อรองรับสถานการณ์ที่อาจเกิดขึ้น",
    "ผู้ว่าราชการจังหวัดกล่าวว่าได้สั่งการให้ทุกหน่วยงานติดตามระดับน้ำในแม่น้ำสายหลักอย่างใกล้ชิดตลอดยี่สิบสี่ชั่วโมง",
    "นักวิชาการด้านสิ่งแวดล้อมระบุว่าการตัดไม้ทำลายป่าบนพื้นที่ต้นน้ำทำให้ความเสี่ยงจากน้ำท่วมฉับพลันเพิ่มสูงขึ้นทุกปี",
]


def page(lang: str, title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode("utf-8")


@pytest.mark.parametrize("lang, title, paragraphs, language", [
    ("zh-CN", "城北公交线路明年延伸", CHINESE, "zh"),
    ("ja", "関東で記録的大雨　土砂災害に警戒", JAPANESE, "ja"),
    ("th", "เตือนภาคเหนือระวังฝนตกหนัก", THAI, "th"),
])
def test_unspaced_article_is_kept_with_its_words_counted(lang, title, paragraphs, language):
    result = clean_page(PageInput(page(lang, title, paragraphs), f"https://news.example/{lang}/1"))
    assert isinstance(result, Article), result
    assert result.text == "\n\n".join(paragraphs)
    # str.split() would see one "word" per paragraph; a reader sees dozens.
    assert len(result.text.split()) == len(paragraphs)
    letters = sum(len(p) for p in paragraphs)
    assert letters // 6 < result.word_count <= letters
    assert result.language.startswith(language)
