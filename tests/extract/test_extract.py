"""Text -> records: what takes more than one decision to get right. The tables of phrasings
for each decision are beside their module's name: test_support.py (support to Ukraine or not),
test_giver.py, test_kind.py, test_aid.py, test_when.py, test_restate.py, test_sentences.py.
Phrasings are written in the style of wire copy and government statements."""
from tables import PUB, one

from tracker.extract.decide import extract_pledges


def test_a_payment_schedule_and_a_converted_figure_in_the_headline_are_no_pledges_of_their_own():
    text = ("IMF approves loan as Ukraine secures $15.6bn programme\n"
            "The IMF approved a four-year lending arrangement for Ukraine worth SDR 11.6bn (about $15.6bn).\n"
            "The European Union has pledged €18bn for this year, paid out in monthly instalments of about €1.5bn.")
    assert [(r.donors, r.currency, r.amount) for r in extract_pledges(text, PUB)] == [
        (["IMF"], "XDR", 11.6e9), (["EU"], "EUR", 18e9)]


def test_figures_without_a_currency_take_the_currency_of_the_record_one_of_them_restates():
    text = ("Norway will raise its support for Ukraine this year to 85 billion kroner.\n"
            "Eighty-five billion is roughly 7.6 billion dollars.\n"
            "Stoltenberg: Of the 85 billion, about 17 billion is civilian support, for energy and humanitarian aid.")
    records = extract_pledges(text, PUB)
    assert [(r.currency, r.amount, r.qualifier, r.kind, r.part_of) for r in records] == [
        ("NOK", 85e9, "exact", "budget", None), ("NOK", 17e9, "about", "budget", 0)]
    assert records[1].aid_type == "humanitarian"
    # ... and figures that restate none stay no amounts
    assert extract_pledges("Norway gave NOK 5bn.\nSome 300 million people live there, and 12 billion is a lot.", PUB) \
        == extract_pledges("Norway gave NOK 5bn.", PUB)


def test_no_text_no_records():
    assert extract_pledges("", PUB) == [] and extract_pledges("   \n ", PUB) == []


def test_a_sum_of_announcements_already_made_is_no_new_pledge():
    text = ("The Pentagon announced a $1.25 billion drawdown and $1.22 billion in contracts. "
            "Taken together, the two announcements are worth nearly $2.5 billion.")
    assert [r.amount for r in extract_pledges(text, PUB)] == [1.25e9, 1.22e9]


def test_a_hostile_line_of_thousands_of_amounts_is_read_in_linear_steps():
    # Sentence-wide cues look at most REACH characters from each amount, and a sentence's
    # own cues are read once, so the text scanned per amount does not grow with the line.
    from tracker.extract import context, decide, kind, restate
    original, scanned = context.cue, []

    def counting(key, text, section="kind", heads=None):
        scanned[-1] += len(text)
        return original(key, text, section, heads)

    users = (context, decide, kind, restate)  # every module that reads a cue list with `cue`
    try:
        for module in users:
            module.cue = counting
        for amounts in (400, 800):
            scanned.append(0)
            extract_pledges("Germany pledged " + "€1bn and " * amounts + "more.", PUB)
    finally:
        for module in users:
            module.cue = original
    assert scanned[1] <= 2.5 * scanned[0], scanned  # quadratic work would be 4 times


def test_a_video_link_is_not_a_viral_video():
    text = ("Canadian Prime Minister Justin Trudeau, speaking by video link, said Canada would give "
            "C$100 million more in humanitarian aid for Ukrainians displaced by the war.")
    assert (one(text).amount, one(text).donors) == (100e6, ["CAN"])


