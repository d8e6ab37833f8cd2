"""Data for `tracker.extract.money`: number words, scale words, currency symbols and
words, qualifier phrases. Plain tables, no logic; add a phrasing here, not a rule."""
import pycountry

UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(UNITS)}
NUMBER_WORDS.update({w: i + 10 for i, w in enumerate(TEENS)})
NUMBER_WORDS.update({w: (i + 2) * 10 for i, w in enumerate(TENS)})
# Russian number words, as Russian reports write an amount ("полтора миллиарда евро", "две тысячи",
# "двадцать пять миллионов"), each with its value; the forms of one and two that agree with the
# scale word ("одна тысяча", "два миллиона") are both here.
RU_NUMBER_WORDS = {
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200, "триста": 300,
    "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    "полтора": 1.5, "полторы": 1.5,
}

# Magnitude words and abbreviations as articles write them ("£450m", "€1,5 Mrd", "NOK 2 mln").
SCALE_WORDS = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9,
    "mrd": 1e9, "md": 1e9, "mld": 1e9, "mlrd": 1e9, "milliard": 1e9, "milliards": 1e9,
    "tn": 1e12, "trn": 1e12, "trillion": 1e12, "trillions": 1e12,
    # in translated text: Spanish, Italian, Portuguese, German, Polish
    "millones": 1e6, "millón": 1e6, "mil millones": 1e9, "milioni": 1e6, "milione": 1e6, "miliardi": 1e9,
    "miliardo": 1e9, "milhões": 1e6, "milhão": 1e6, "bilhões": 1e9, "millionen": 1e6, "milliarden": 1e9,
    "milliarde": 1e9, "milionów": 1e6, "miliardów": 1e9,
    # Czech, Slovak and Polish abbreviations, with their dot ("86,4 mil. Kč", "120 tis.", "5 tys. zł");
    # a Spanish "mil" (a thousand) has none
    "mil.": 1e6, "tis.": 1e3, "tys.": 1e3,
    # Russian: words in their case forms and abbreviations, with or without their dot ("10 млн евро",
    # "1,5 млрд долл.", "полтора миллиарда евро", "500 тыс. гривен")
    "тыс": 1e3, "тыс.": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3,
    "млн": 1e6, "млн.": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "млрд": 1e9, "млрд.": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
    "трлн": 1e12, "трлн.": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12,
}
# Scale words only continental European text uses: a number before them writes thousands with
# dots ("1.000 millones de euros", "2.500 Mrd."), as an English "1.000 million" never would.
EUROPEAN_SCALE = frozenset({"mrd", "md", "mld", "mlrd", "mio", "milliard", "milliards", "millones", "millón",
                            "mil millones", "milioni", "milione", "miliardi", "miliardo", "milhões", "milhão",
                            "bilhões", "millionen", "milliarden", "milliarde", "milionów", "miliardów",
                            "mil.", "tis.", "tys.", "тыс", "тыс.", "тысяча", "тысячи", "тысяч", "млн", "млн.",
                            "миллион", "миллиона", "миллионов", "млрд", "млрд.", "миллиард", "миллиарда",
                            "миллиардов", "трлн", "трлн.", "триллион", "триллиона", "триллионов"})

# ISO 4217 codes read before or after a number (case-sensitive: "NOK 1.5 billion"): the
# currencies of donors and of the ECB's reference rates. Codes that are also English
# words in capitals ("ALL 27 member states", "TOP 10") are left out on purpose.
ISO_CODES = frozenset({
    "EUR", "USD", "GBP", "NOK", "SEK", "DKK", "ISK", "CHF", "PLN", "CZK", "HUF", "RON", "BGN", "HRK",
    "CAD", "AUD", "NZD", "JPY", "KRW", "CNY", "HKD", "SGD", "TWD", "INR", "IDR", "MYR", "PHP", "THB",
    "TRY", "ILS", "SAR", "AED", "QAR", "KWD", "ZAR", "BRL", "MXN", "UAH", "RUB", "MDL", "GEL",
    "XDR",  # the IMF's special drawing right
}) & frozenset(c.alpha_3 for c in pycountry.currencies)

# Token (lower case) -> candidate codes, most likely first. Several candidates
# mean the text's context decides ("kroner" is Norwegian or Danish).
_KRONE = ("NOK", "DKK")
CURRENCY_TOKENS = {
    "€": ("EUR",), "£": ("GBP",), "$": ("USD",), "¥": ("JPY",), "₴": ("UAH",), "₽": ("RUB",),
    "₩": ("KRW",), "zł": ("PLN",), "kč": ("CZK",),
    "us$": ("USD",), "u.s.$": ("USD",), "usd$": ("USD",),
    "c$": ("CAD",), "ca$": ("CAD",), "can$": ("CAD",), "cad$": ("CAD",),
    "a$": ("AUD",), "au$": ("AUD",), "aud$": ("AUD",), "nz$": ("NZD",), "hk$": ("HKD",),
    "s$": ("SGD",), "kr": ("NOK", "DKK", "SEK"), "kr.": ("NOK", "DKK", "SEK"),
    "sfr.": ("CHF",), "sfr": ("CHF",), "fr.": ("CHF",),
    "sdr": ("XDR",), "sdrs": ("XDR",), "special drawing rights": ("XDR",),
    "euro": ("EUR",), "euros": ("EUR",), "eur": ("EUR",),
    "pound": ("GBP",), "pounds": ("GBP",), "pounds sterling": ("GBP",), "sterling": ("GBP",),
    "dollar": ("USD",), "dollars": ("USD",), "dólares": ("USD",), "dollari": ("USD",), "dolarów": ("USD",), "dolary": ("USD",), "dolarů": ("USD",), "dolárov": ("USD",), "us dollars": ("USD",), "u.s. dollars": ("USD",),
    "american dollars": ("USD",), "canadian dollars": ("CAD",), "australian dollars": ("AUD",),
    "new zealand dollars": ("NZD",),
    "kroner": _KRONE, "krone": _KRONE, "norwegian kroner": ("NOK",), "norwegian krone": ("NOK",),
    "danish kroner": ("DKK",), "danish krone": ("DKK",),
    "kronor": ("SEK",), "krona": ("SEK",), "swedish kronor": ("SEK",), "swedish krona": ("SEK",),
    "swedish crowns": ("SEK",), "norwegian crowns": ("NOK",), "danish crowns": ("DKK",),
    "icelandic kronur": ("ISK",), "icelandic krona": ("ISK",),
    "crowns": ("CZK", "SEK", "NOK", "DKK"), "crown": ("CZK", "SEK", "NOK", "DKK"),
    "czech crowns": ("CZK",), "czech korunas": ("CZK",), "koruna": ("CZK",), "korunas": ("CZK",),
    "koruny": ("CZK",),
    "francs": ("CHF",), "franc": ("CHF",), "swiss francs": ("CHF",), "swiss franc": ("CHF",),
    "yen": ("JPY",), "japanese yen": ("JPY",),
    "zloty": ("PLN",), "zlotys": ("PLN",), "zlotych": ("PLN",), "złoty": ("PLN",), "złotys": ("PLN",),
    "hryvnia": ("UAH",), "hryvnias": ("UAH",), "hryvnya": ("UAH",), "hryvnyas": ("UAH",),
    "rouble": ("RUB",), "roubles": ("RUB",), "ruble": ("RUB",), "rubles": ("RUB",),
    "won": ("KRW",), "forint": ("HUF",), "forints": ("HUF",), "lei": ("RON",), "yuan": ("CNY",),
    # in German and French reports
    "us-dollar": ("USD",), "us-dollars": ("USD",), "dollars américains": ("USD",),
    "kanadische dollar": ("CAD",), "kanadischen dollar": ("CAD",), "dollars canadiens": ("CAD",),
    "australische dollar": ("AUD",), "australischen dollar": ("AUD",), "dollars australiens": ("AUD",),
    "norwegische kronen": ("NOK",), "norwegischen kronen": ("NOK",), "couronnes norvégiennes": ("NOK",),
    "dänische kronen": ("DKK",), "dänischen kronen": ("DKK",), "couronnes danoises": ("DKK",),
    "schwedische kronen": ("SEK",), "schwedischen kronen": ("SEK",), "couronnes suédoises": ("SEK",),
    "kronen": ("NOK", "DKK", "SEK", "CZK"), "couronnes": ("NOK", "DKK", "SEK", "CZK"),
    "pfund": ("GBP",), "britische pfund": ("GBP",), "britischen pfund": ("GBP",), "livres sterling": ("GBP",),
    "franken": ("CHF",), "schweizer franken": ("CHF",),
    # in Russian reports, in the case forms an amount takes ("10 млн евро", "5 млрд долларов США",
    # "300 млн фунтов стерлингов", "2 млрд крон": the country's name decides which)
    "евро": ("EUR",),
    "доллар": ("USD",), "доллара": ("USD",), "долларов": ("USD",), "долл.": ("USD",), "долл": ("USD",),
    "долларов сша": ("USD",), "доллара сша": ("USD",), "долл. сша": ("USD",), "американских долларов": ("USD",),
    "канадских долларов": ("CAD",), "канадского доллара": ("CAD",), "австралийских долларов": ("AUD",),
    "новозеландских долларов": ("NZD",),
    "гривна": ("UAH",), "гривны": ("UAH",), "гривен": ("UAH",), "грн": ("UAH",), "грн.": ("UAH",),
    "рубль": ("RUB",), "рубля": ("RUB",), "рублей": ("RUB",), "руб.": ("RUB",), "руб": ("RUB",),
    "фунт": ("GBP",), "фунта": ("GBP",), "фунтов": ("GBP",), "фунтов стерлингов": ("GBP",),
    "фунта стерлингов": ("GBP",),
    "крона": ("NOK", "DKK", "SEK", "CZK"), "кроны": ("NOK", "DKK", "SEK", "CZK"), "крон": ("NOK", "DKK", "SEK", "CZK"),
    "норвежских крон": ("NOK",), "норвежской кроны": ("NOK",), "датских крон": ("DKK",), "датской кроны": ("DKK",),
    "шведских крон": ("SEK",), "шведской кроны": ("SEK",), "чешских крон": ("CZK",), "чешской кроны": ("CZK",),
    "иена": ("JPY",), "иены": ("JPY",), "иен": ("JPY",), "йена": ("JPY",), "йены": ("JPY",), "йен": ("JPY",),
    "франк": ("CHF",), "франка": ("CHF",), "франков": ("CHF",), "швейцарских франков": ("CHF",),
    "злотый": ("PLN",), "злотых": ("PLN",),
}
# Tokens written before the number ("€2bn", "C$20 million", "kr 1.5bn").
PREFIX_SYMBOLS = ("€", "£", "$", "¥", "₴", "₽", "₩", "zł", "US$", "U.S.$", "USD$", "C$", "CA$",
                  "CAN$", "CAD$", "A$", "AU$", "AUD$", "NZ$", "HK$", "S$", "kr", "kr.", "SFr.", "SFr", "Fr.",
                  "SDR")
# Tokens written after it ("21 billion euros", "760 million zł").
SUFFIX_WORDS = tuple(t for t in CURRENCY_TOKENS if t[0].isalpha() and t not in ("kr.", "sfr.", "fr.")) + (
    "zł", "kč", "€")


# Words directly before an amount, by the qualifier they give. Checked in this
# order: 'just under' must be read as about before 'under' is read as at most.
QUALIFIER_WORDS = {
    "about": ("about", "around", "approximately", "approx.", "roughly", "nearly", "almost", "some",
              "close to", "an estimated", "estimated", "circa", "just under", "an approximate",
              "in the region of", "~",
              # Russian: 'около 2 млрд евро', 'почти полмиллиарда'
              "около", "примерно", "почти", "приблизительно", "порядка", "ориентировочно"),
    "at_least": ("more than", "over", "above", "at least", "in excess of", "upwards of", "exceeding",
                 "exceeds", "exceeded", "passed", "passes", "surpassed", "surpasses", "topped", "tops",
                 "a little over", "just over", "well over", "no less than", "a minimum of",
                 "not less than", "beyond", "greater than",
                 # Russian: 'более 736 млн евро', 'уже превысила полтора миллиарда евро'
                 "более", "свыше", "больше", "не менее", "не меньше", "более чем", "превысил", "превысила",
                 "превысило", "превысили", "превышает", "превышают"),
    "at_most": ("up to", "as much as", "no more than", "at most", "a maximum of", "not more than",
                "capped at", "less than", "under", "a ceiling of",
                # Russian: 'до 100 млн евро' (but 'увеличила до', 'с 4 до 8': money.py reads those)
                "до", "не более", "не более чем", "не больше", "менее", "меньше"),
}
# Words that may open a bracketed or appended conversion: "(about $1.2 billion)", ", or about £2m",
# "(US $4.25 billion)".
CONVERSION_WORDS = ("about", "around", "approximately", "roughly", "some", "nearly", "almost", "or",
                    "or about", "or around", "or roughly", "equivalent to", "equal to", "worth", "c.",
                    "approx.", "ca.", "about US", "US", "U.S.", "just under", "just over", "more than", "over", "≈", "~",
                    # Russian: '10 млн евро (около 11 млн долларов)'
                    "около", "примерно", "приблизительно", "порядка", "или", "почти", "более", "свыше")

# The currencies written with a bare "$" in their own countries ("$2.4 billion Canadian dollars")
DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD"})
