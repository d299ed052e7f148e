"""Language detection on a bounded sample, with the page's declared language as a fallback."""
import pytest

from cleaning import language
from cleaning.language import (MIN_CHARS_FOR_DETECTION, QUICK_SAMPLE_CHARS, SAMPLE_CHARS,
                               declared_language, detect_language, text_sample)

TEXTS = {
    "en": (
        "The city council voted on Tuesday to expand the bus network to the northern suburbs, "
        "ending a debate that had lasted for more than two years. Supporters said the new lines "
        "would cut commuting times for thousands of workers, while opponents warned that the cost "
        "of the project had been badly underestimated by the planners and the mayor's office."
    ),
    "fr": (
        "Le conseil municipal a voté mardi l'extension du réseau de bus vers les banlieues du nord, "
        "mettant fin à un débat qui durait depuis plus de deux ans. Les partisans du projet affirment "
        "que les nouvelles lignes réduiront les temps de trajet de milliers de travailleurs, tandis "
        "que les opposants estiment que le coût a été largement sous-estimé par la mairie."
    ),
    "de": (
        "Der Stadtrat hat am Dienstag beschlossen, das Busnetz in die nördlichen Vororte auszubauen, "
        "und damit eine Debatte beendet, die mehr als zwei Jahre gedauert hatte. Befürworter sagten, "
        "die neuen Linien würden die Fahrzeiten für Tausende von Pendlern verkürzen, während Gegner "
        "warnten, die Kosten des Projekts seien von den Planern deutlich unterschätzt worden."
    ),
    "es": (
        "El ayuntamiento votó el martes a favor de ampliar la red de autobuses hacia los barrios del "
        "norte, poniendo fin a un debate que había durado más de dos años. Los partidarios dijeron que "
        "las nuevas líneas reducirían el tiempo de viaje de miles de trabajadores, mientras que los "
        "opositores advirtieron que el coste del proyecto había sido muy subestimado."
    ),
}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_detects_each_language(language):
    assert len(TEXTS[language]) >= MIN_CHARS_FOR_DETECTION
    assert detect_language(TEXTS[language]) == language


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_clear_text_wins_over_a_wrong_declaration(language):
    other = "en" if language != "en" else "de"
    assert detect_language(TEXTS[language], declared=other) == language


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_detection_is_deterministic(language):
    text = TEXTS[language] + " " + TEXTS["en"][:80]  # a little mixed, to stress the randomness
    answers = {detect_language(text) for _ in range(20)}
    assert len(answers) == 1


def test_detection_is_deterministic_on_an_ambiguous_text():
    text = " ".join(["Taxi hotel radio piano pizza banana idea"] * 6)
    answers = {detect_language(text, declared="it") for _ in range(20)}
    assert len(answers) == 1


@pytest.mark.parametrize("declared", ["fr", "de", None])
def test_short_text_falls_back_to_the_declared_language(declared):
    short = "Le conseil a voté mardi."
    assert len(short) < MIN_CHARS_FOR_DETECTION
    assert detect_language(short, declared=declared) == declared


def test_empty_text_falls_back_to_the_declared_language():
    assert detect_language("", declared="es") == "es"
    assert detect_language("") is None


def test_text_without_letters_falls_back_to_the_declared_language():
    numbers = " ".join(str(n) for n in range(200))
    assert len(numbers) >= MIN_CHARS_FOR_DETECTION
    assert detect_language(numbers, declared="de") == "de"
    assert detect_language(numbers) is None


def test_detection_of_a_long_article_uses_a_sample():
    # Thousands of characters of German, an English byline block at the top and credits at the end.
    text = "By Jane Doe. Photo credits. " * 5 + (TEXTS["de"] + " ") * 20 + "Copyright Example Media. " * 5
    assert detect_language(text) == "de"


WORLD = {  # the same news item in the scripts and languages held-out pages come in
    "pt": "A câmara municipal aprovou na terça-feira a ampliação da rede de autocarros para os bairros do norte, "
          "pondo fim a um debate que durava há mais de dois anos. Os defensores do projeto dizem que as novas "
          "linhas vão encurtar as viagens de milhares de trabalhadores, enquanto os críticos consideram que o "
          "custo foi muito subestimado pela autarquia.",
    "it": "Il consiglio comunale ha approvato martedì l'estensione della rete degli autobus verso i quartieri "
          "settentrionali, chiudendo un dibattito che andava avanti da più di due anni. I sostenitori affermano "
          "che le nuove linee ridurranno i tempi di viaggio per migliaia di lavoratori, mentre gli oppositori "
          "ritengono che i costi siano stati sottovalutati.",
    "nl": "De gemeenteraad heeft dinsdag ingestemd met de uitbreiding van het busnet naar de noordelijke wijken, "
          "waarmee een einde kwam aan een discussie die al meer dan twee jaar duurde. Voorstanders zeggen dat de "
          "nieuwe lijnen de reistijd voor duizenden forenzen verkorten, terwijl tegenstanders vrezen dat de kosten "
          "zwaar zijn onderschat.",
    "pl": "Rada miasta zagłosowała we wtorek za rozbudową sieci autobusowej w kierunku północnych dzielnic, "
          "kończąc spór, który trwał ponad dwa lata. Zwolennicy projektu twierdzą, że nowe linie skrócą czas "
          "dojazdu tysiącom pracowników, a przeciwnicy ostrzegają, że koszty inwestycji zostały poważnie "
          "niedoszacowane przez urzędników.",
    "cs": "Městské zastupitelstvo v úterý schválilo rozšíření autobusové sítě do severních čtvrtí a ukončilo tak "
          "spor, který trval déle než dva roky. Zastánci projektu tvrdí, že nové linky zkrátí dojíždění tisícům "
          "lidí, zatímco odpůrci varují, že náklady stavby byly radnicí výrazně podceněny.",
    "ru": "Городской совет во вторник проголосовал за расширение автобусной сети в северные районы, положив конец "
          "спору, который длился более двух лет. Сторонники проекта говорят, что новые маршруты сократят время в "
          "пути для тысяч работников, а противники предупреждают, что стоимость строительства сильно занижена.",
    "uk": "Міська рада у вівторок проголосувала за розширення автобусної мережі до північних районів, поклавши "
          "край суперечці, що тривала понад два роки. Прихильники проєкту кажуть, що нові маршрути скоротять час "
          "у дорозі для тисяч працівників, а противники попереджають, що вартість робіт суттєво занижена.",
    "tr": "Belediye meclisi salı günü otobüs ağının kuzey mahallelerine doğru genişletilmesini onayladı ve iki "
          "yıldan uzun süren bir tartışmayı sona erdirdi. Projeyi destekleyenler yeni hatların binlerce çalışanın "
          "yolculuk süresini kısaltacağını söylerken, karşı çıkanlar maliyetin ciddi biçimde küçümsendiğini "
          "belirtti.",
    "sv": "Kommunfullmäktige röstade på tisdagen för att bygga ut bussnätet till de norra stadsdelarna och "
          "avslutade därmed en debatt som pågått i mer än två år. Anhängarna säger att de nya linjerna kommer att "
          "korta restiden för tusentals pendlare, medan motståndarna varnar för att kostnaderna har underskattats.",
    "vi": "Hội đồng thành phố hôm thứ Ba đã bỏ phiếu thông qua việc mở rộng mạng lưới xe buýt tới các khu phố "
          "phía bắc, chấm dứt cuộc tranh luận kéo dài hơn hai năm. Những người ủng hộ cho rằng các tuyến mới sẽ "
          "rút ngắn thời gian đi lại cho hàng nghìn người lao động, trong khi những người phản đối cảnh báo chi "
          "phí đã bị đánh giá quá thấp.",
    "id": "Dewan kota pada hari Selasa menyetujui perluasan jaringan bus ke kawasan utara, mengakhiri perdebatan "
          "yang telah berlangsung lebih dari dua tahun. Para pendukung mengatakan jalur baru akan memangkas waktu "
          "perjalanan ribuan pekerja, sementara pihak yang menentang memperingatkan bahwa biaya proyek itu jauh "
          "lebih besar dari perkiraan.",
    "ar": "صوّت مجلس المدينة يوم الثلاثاء لصالح توسيع شبكة الحافلات نحو الأحياء الشمالية، منهياً بذلك نقاشاً "
          "استمر أكثر من عامين. ويقول مؤيدو المشروع إن الخطوط الجديدة ستختصر وقت التنقل لآلاف العمال، بينما "
          "يحذر المعارضون من أن تكلفة المشروع قُدّرت بأقل بكثير من قيمتها الحقيقية.",
    "fa": "شورای شهر روز سه‌شنبه به گسترش شبکه اتوبوسرانی به محله‌های شمالی رأی داد و به بحثی که بیش از دو سال "
          "ادامه داشت پایان داد. موافقان طرح می‌گویند خطوط تازه زمان رفت‌وآمد هزاران کارگر را کوتاه می‌کند، اما "
          "مخالفان هشدار می‌دهند که هزینه‌های این پروژه بسیار کمتر از واقع برآورد شده است.",
    "he": "מועצת העיר הצביעה ביום שלישי בעד הרחבת רשת האוטובוסים לשכונות הצפוניות, וכך הסתיים ויכוח שנמשך יותר "
          "משנתיים. תומכי התוכנית אומרים שהקווים החדשים יקצרו את זמן הנסיעה של אלפי עובדים, ואילו המתנגדים "
          "מזהירים שעלות הפרויקט הוערכה בחסר.",
    "hi": "नगर परिषद ने मंगलवार को उत्तरी इलाकों तक बस नेटवर्क के विस्तार के पक्ष में मतदान किया, जिससे दो साल से "
          "अधिक समय से चल रही बहस खत्म हो गई। समर्थकों का कहना है कि नई लाइनों से हजारों कामगारों का सफर छोटा "
          "होगा, जबकि विरोधियों ने चेतावनी दी कि परियोजना की लागत को बहुत कम आंका गया है।",
    "el": "Το δημοτικό συμβούλιο ψήφισε την Τρίτη υπέρ της επέκτασης του δικτύου λεωφορείων προς τις βόρειες "
          "συνοικίες, βάζοντας τέλος σε μια συζήτηση που κρατούσε πάνω από δύο χρόνια. Οι υποστηρικτές λένε ότι "
          "οι νέες γραμμές θα μειώσουν τον χρόνο μετακίνησης χιλιάδων εργαζομένων, ενώ οι επικριτές προειδοποιούν "
          "ότι το κόστος έχει υποτιμηθεί.",
    "zh-cn": "市议会周二投票通过了将公交网络扩展到北部城区的计划，结束了持续两年多的争论。支持者表示，新线路将缩短数千名"
             "上班族的通勤时间，而反对者则警告说，该项目的成本被严重低估。市长办公室表示，第一批新线路将于明年春天开通，"
             "其余线路将在随后两年内陆续投入运营。交通部门还计划在沿线增设候车亭和自行车停放点，方便居民换乘。"
             "不少居民在听证会上说，他们每天要花近两个小时在路上，希望新线路能尽快开通。",
    "ja": "市議会は火曜日、バス路線網を北部の住宅地まで広げる計画を可決し、二年以上続いた議論に決着をつけた。"
          "賛成派は新しい路線によって何千人もの通勤者の移動時間が短くなると話す一方、反対派は事業費が大幅に"
          "低く見積もられていると警告している。市によると、最初の路線は来年の春に運行を始める予定だという。"
          "また、停留所には屋根付きの待合所と自転車置き場を新しく設け、駅での乗り換えも便利にする考えだ。",
    "ko": "시의회는 화요일 버스 노선망을 북부 주거지역까지 넓히는 계획을 통과시켜 2년 넘게 이어진 논쟁을 마무리했다. "
          "찬성 측은 새 노선이 수천 명의 통근 시간을 줄일 것이라고 말했지만, 반대 측은 사업비가 크게 과소평가됐다고 "
          "경고했다. 시는 첫 노선이 내년 봄에 운행을 시작할 예정이라고 밝혔다. "
          "정류장에는 지붕이 있는 대기 공간과 자전거 보관소도 새로 설치된다.",
    "th": "สภาเมืองลงมติเมื่อวันอังคารให้ขยายเครือข่ายรถโดยสารประจำทางไปยังย่านที่อยู่อาศัยทางตอนเหนือ "
          "ยุติการถกเถียงที่ยืดเยื้อมานานกว่าสองปี ฝ่ายสนับสนุนระบุว่าเส้นทางใหม่จะช่วยลดเวลาเดินทางของคนทำงานหลายพันคน "
          "ขณะที่ฝ่ายคัดค้านเตือนว่าค่าใช้จ่ายของโครงการถูกประเมินไว้ต่ำเกินจริง",
}


@pytest.mark.parametrize("code", sorted(WORLD))
def test_a_declared_language_the_text_is_in_is_confirmed_in_every_script(code):
    # Chinese keeps langdetect's variant codes: the page says "zh", the text says which.
    assert detect_language(WORLD[code], declared=code.split("-")[0]) == code


@pytest.mark.parametrize("code", sorted(WORLD))
def test_a_declaration_the_text_contradicts_is_overruled_in_every_script(code):
    wrong = "en" if code != "en" else "de"
    assert detect_language(WORLD[code], declared=wrong) == code


def _record_samples(monkeypatch) -> list[int]:
    lengths = []
    ranked = language._ranked

    def recording(sample, trials=None):
        lengths.append(len(sample))
        return ranked(sample, trials)

    monkeypatch.setattr(language, "_ranked", recording)
    return lengths


def test_a_declaration_the_quick_look_confirms_costs_no_full_detection(monkeypatch):
    lengths = _record_samples(monkeypatch)
    text = " ".join([WORLD["pt"], WORLD["pt"]])
    assert detect_language(text, declared="pt") == "pt"
    assert lengths == [QUICK_SAMPLE_CHARS]


def test_an_undeclared_or_contradicted_language_gets_the_full_detection(monkeypatch):
    lengths = _record_samples(monkeypatch)
    text = " ".join([WORLD["pl"], WORLD["pl"]])
    assert detect_language(text) == "pl"
    assert lengths == [SAMPLE_CHARS]
    lengths.clear()
    assert detect_language(text, declared="cs") == "pl"
    assert lengths == [QUICK_SAMPLE_CHARS, SAMPLE_CHARS]


# --- declared_language ------------------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    (["en-US"], "en"),
    (["fr_FR"], "fr"),
    (["de, en"], "de"),
    (["EN"], "en"),
    (["zh-Hant-TW"], "zh"),
    (["  es-419 "], "es"),
    (["fil"], "fil"),
    (["garbage value"], None),
    (["english"], None),
    (["e"], None),
    (["12"], None),
    (["en US"], None),
    ([""], None),
    ([None], None),
    ([], None),
])
def test_declared_language_parsing(values, expected):
    assert declared_language(values) == expected


def test_declared_language_takes_the_first_well_formed_value():
    assert declared_language([None, "", "not a code", "pt-BR", "en"]) == "pt"
    assert declared_language(["it", "en"]) == "it"


def test_declared_language_accepts_a_generator():
    assert declared_language(value for value in ["xx yy", "nl-BE"]) == "nl"


# --- text_sample ------------------------------------------------------------------------------

def test_short_text_is_its_own_sample():
    assert text_sample("abc") == "abc"
    text = "x" * SAMPLE_CHARS
    assert text_sample(text) == text


@pytest.mark.parametrize("length", [SAMPLE_CHARS + 1, SAMPLE_CHARS + 2, 1000, 5001, 100_000])
def test_sample_is_bounded_and_from_the_middle(length):
    text = "".join(chr(0x10000 + i) for i in range(length))  # every character unique
    sample = text_sample(text)
    assert len(sample) == SAMPLE_CHARS
    start = text.index(sample)
    assert text[start:start + SAMPLE_CHARS] == sample
    # As much text is left out before the sample as after it (give or take one character).
    assert abs(start - (length - start - SAMPLE_CHARS)) <= 1


def test_sample_skips_the_opening_and_the_ending():
    text = "HEAD" * 500 + "m" * SAMPLE_CHARS + "TAIL" * 500
    assert text_sample(text) == "m" * SAMPLE_CHARS


def test_sample_limit_parameter():
    assert text_sample("0123456789", limit=4) == "3456"
    assert len(text_sample("x" * 50, limit=10)) == 10
