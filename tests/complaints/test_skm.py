"""The IKM arithmetic of Permenpan RB 14/2017, against a survey worked out by hand."""

from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from complaints import selectors, skm
from complaints.models import SampleSizeRow, SurveyResponse

# Four respondents, u1..u9, worked out on paper:
#   u1 4 3 4 2 = 13 -> 3.25    u4 16 -> 4.00    u7 15 -> 3.75
#   u2 4 3 3 2 = 12 -> 3.00    u5 13 -> 3.25    u8 11 -> 2.75
#   u3 3 2 3 2 = 10 -> 2.50    u6 14 -> 3.50    u9 12 -> 3.00
# Sum of NRR = 29.00; weighted (x 1/9) = 3.2222...; IKM = 29/9 x 25 = 80.5555... -> 80.56, B.
ANSWERS = [
    (4, 4, 3, 4, 4, 4, 4, 3, 3),
    (3, 3, 2, 4, 3, 4, 4, 3, 3),
    (4, 3, 3, 4, 3, 3, 4, 2, 3),
    (2, 2, 2, 4, 3, 3, 3, 3, 3),
]
TOTALS = {"u1": 13, "u2": 12, "u3": 10, "u4": 16, "u5": 13, "u6": 14, "u7": 15, "u8": 11, "u9": 12}


def test_the_hand_worked_survey_gives_an_ikm_of_80_56_in_category_b():
    result = skm.compute_ikm(TOTALS, 4)

    assert [score.nrr for score in result.scores] == [
        Fraction(13, 4),
        Fraction(3),
        Fraction(5, 2),
        Fraction(4),
        Fraction(13, 4),
        Fraction(7, 2),
        Fraction(15, 4),
        Fraction(11, 4),
        Fraction(3),
    ]
    assert result.weighted_sum == Fraction(29, 9)
    assert result.weighted_sum_shown == Decimal("3.222")
    assert result.ikm == Decimal("80.56")
    assert (result.category.letter, result.category.label) == ("B", "Baik")


def test_the_weakest_elements_come_first_with_their_own_category():
    result = skm.compute_ikm(TOTALS, 4)

    ordered = [(s.element.code, s.converted, s.category.letter) for s in result.weakest_first]
    assert ordered == [
        ("u3", Decimal("62.50"), "D"),
        ("u8", Decimal("68.75"), "C"),
        ("u2", Decimal("75.00"), "C"),
        ("u9", Decimal("75.00"), "C"),
        ("u1", Decimal("81.25"), "B"),
        ("u5", Decimal("81.25"), "B"),
        ("u6", Decimal("87.50"), "B"),
        ("u7", Decimal("93.75"), "A"),
        ("u4", Decimal("100.00"), "A"),
    ]


def test_nobody_answering_gives_no_index():
    assert skm.compute_ikm(dict.fromkeys(skm.ELEMENT_CODES, 0), 0) is None


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.305", "A"),  # shown as 88.31
        ("88.3049", "B"),  # shown as 88.30
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.605", "B"),  # shown as 76.61
        ("76.6049", "C"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.995", "C"),  # shown as 65.00
        ("64.99", "D"),
        ("25", "D"),
    ],
)
def test_the_category_is_read_from_the_value_as_shown_with_two_decimals(value, letter):
    assert skm.category_of(Decimal(value)).letter == letter


def test_an_ikm_exactly_on_76_605_rounds_half_up_into_b():
    # 5,000 respondents averaging 3.0642 on every element: IKM = 3.0642 x 25 = 76.605 exactly.
    result = skm.compute_ikm(dict.fromkeys(skm.ELEMENT_CODES, 15321), 5000)

    assert result.ikm_exact == Fraction("76.605")
    assert result.ikm == Decimal("76.61")
    assert result.category.letter == "B"


def test_an_ikm_exactly_on_88_305_rounds_half_up_into_a():
    result = skm.compute_ikm(dict.fromkeys(skm.ELEMENT_CODES, 17661), 5000)

    assert result.ikm_exact == Fraction("88.305")
    assert (result.ikm, result.category.letter) == (Decimal("88.31"), "A")


def test_every_element_has_four_answer_labels_in_its_own_words():
    assert len(skm.ELEMENTS) == 9
    assert skm.ELEMENTS[0].answers == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert skm.ELEMENTS[3].answers[-1] == "Gratis"
    assert all(len(element.answers) == 4 for element in skm.ELEMENTS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("population", "sample"),
    [(0, 0), (5, 5), (10, 10), (12, 12), (1000, 278), (1001, 285), (2_000_000, 384)],
)
def test_the_minimum_sample_takes_the_next_krejcie_morgan_row_up(population, sample):
    table = list(SampleSizeRow.objects.values_list("population", "sample"))

    assert skm.minimum_sample(population, table) == sample


@pytest.mark.django_db
def test_the_report_of_a_period_recomputes_the_hand_worked_example_from_the_answers():
    zone = timezone.get_current_timezone()
    for index, answers in enumerate(ANSWERS):
        SurveyResponse.objects.create(
            respondent_key=f"key-{index}",
            submitted_at=datetime.combine(date(2026, 3, 2 + index), time(10), tzinfo=zone),
            gender="L" if index % 2 else "P",
            age_band="31-40",
            education="s1",
            occupation="wirausaha",
            **{f"u{i}": score for i, score in enumerate(answers, start=1)},
        )
    SurveyResponse.objects.create(
        respondent_key="outside",
        submitted_at=datetime.combine(date(2026, 4, 1), time(10), tzinfo=zone),
        gender="L",
        age_band="31-40",
        education="s1",
        occupation="wirausaha",
        **{f"u{i}": 1 for i in range(1, 10)},
    )

    report = selectors.ikm_report(date(2026, 3, 1), date(2026, 3, 31))

    assert report.respondents == 4
    assert report.result.ikm == Decimal("80.56")
    assert report.result.category.letter == "B"
    assert report.chart.bars[0].label == "U3 Waktu Penyelesaian"
    gender = report.profile[0]
    assert [(row.label, row.count, row.share) for row in gender.rows] == [
        ("Laki-laki", 2, Decimal("50.0")),
        ("Perempuan", 2, Decimal("50.0")),
    ]


@pytest.mark.parametrize(
    ("respondents", "minimum", "reached", "needed", "shortfall"),
    [
        (0, 0, False, 1, 1),  # nobody handed over, nobody answered: no sample at all
        (0, 5, False, 5, 5),
        (1, 0, True, 1, 0),
        (3, 5, False, 5, 2),
        (5, 5, True, 5, 0),
        (400, 384, True, 384, 0),
    ],
)
def test_a_sample_needs_its_minimum_and_at_least_one_respondent(
    respondents, minimum, reached, needed, shortfall
):
    status = skm.sample_status(respondents, minimum)

    assert (status.reached, status.needed, status.shortfall) == (reached, needed, shortfall)
    assert status.text.startswith("tercapai" if reached else "belum tercapai")


def test_the_sample_line_says_how_many_answers_are_missing():
    assert skm.sample_status(0, 0).text == (
        "belum tercapai, belum ada responden (diperlukan 1 responden)"
    )
    assert skm.sample_status(3, 5).text == (
        "belum tercapai, kurang 2 responden (3 dari 5 responden)"
    )
    assert skm.sample_status(5, 5).text == "tercapai"
