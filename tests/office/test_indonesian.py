"""Numbers, money and dates written the Indonesian way: the one module every page, document
and message takes them from."""

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

import pytest
from django.utils import translation

from office.indonesian import (
    DAYS,
    MONTHS,
    hari_tanggal,
    jam,
    number_id,
    rupiah,
    tanggal,
    tanggal_jam,
    terbilang,
)


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2026, 1, 1), "1 Januari 2026"), (date(2026, 2, 3), "3 Februari 2026"),
     (date(2023, 3, 14), "14 Maret 2023"), (date(2024, 2, 29), "29 Februari 2024"),
     (date(2026, 8, 17), "17 Agustus 2026"), (date(2026, 12, 31), "31 Desember 2026")],
)  # fmt: skip
def test_long_dates_name_the_month_whatever_the_active_language(day, text):
    with translation.override("en"):
        assert tanggal(day) == text


def test_every_month_and_day_is_named():
    assert [tanggal(date(2026, month, 1)).split()[1] for month in range(1, 13)] == list(MONTHS)
    # 2 March 2026 is a Monday.
    assert [hari_tanggal(date(2026, 3, 2 + i)).split(",")[0] for i in range(7)] == list(DAYS)


def test_day_and_date():
    assert hari_tanggal(date(2023, 3, 14)) == "Selasa, 14 Maret 2023"
    assert hari_tanggal(date(2026, 11, 29)) == "Minggu, 29 November 2026"


def test_a_moment_is_dated_and_timed_where_the_office_is():
    # 23.05 UTC on 16 August is 06.05 WIB on 17 August in Kayuagung.
    moment = datetime(2026, 8, 16, 23, 5, tzinfo=UTC)
    assert tanggal(moment) == "17 Agustus 2026"
    assert hari_tanggal(moment) == "Senin, 17 Agustus 2026"
    assert jam(moment) == "06.05 WIB"
    assert tanggal_jam(moment) == "17 Agustus 2026 pukul 06.05 WIB"
    # A naive moment is taken as it is, with no zone to name.
    assert jam(datetime(2026, 8, 16, 9, 30)) == "09.30"


def test_nothing_to_date_is_empty():
    assert tanggal(None) == hari_tanggal(None) == jam(None) == tanggal_jam(None) == ""


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [(0, 2, "0"), (Decimal("0.00"), 2, "0"), (-0.001, 2, "0"), (7, 2, "7"), (999, 0, "999"),
     (1000, 0, "1.000"), (-1000, 0, "-1.000"), (1234567, 2, "1.234.567"),
     (Decimal("12500.5"), 2, "12.500,5"), (Decimal("-12500.55"), 1, "-12.500,6"),
     (Decimal("0.125"), 2, "0,12"), (Decimal("0.135"), 2, "0,14"), (87.5, 1, "87,5"),
     (Decimal("2.5"), 0, "2"), (Decimal("3.5"), 0, "4"), (Decimal("1.23456"), 3, "1,235"),
     (Decimal("1.23456"), None, "1,23456"), (Decimal("1E+3"), None, "1.000"),
     ("12.5", "1", "12,5")],
)  # fmt: skip
def test_numbers_have_thousand_dots_and_a_decimal_comma(value, places, text):
    assert number_id(value, places) == text


def test_number_id_as_a_filter_keeps_a_page_whole():
    assert number_id(None) == number_id("") == ""
    assert number_id("tidak ada") == "tidak ada"
    assert number_id(Decimal("12.345")) == "12,34"  # two places by default


def test_numbers_beyond_sixty_digits_are_refused():
    # What a page showing stored data relies on to show the stored text instead.
    assert number_id(10**59, 0) == "100" + ".000" * 19
    with pytest.raises(InvalidOperation):
        number_id(10**60, 0)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "Rp 0"), (Decimal("0"), "Rp 0"), (1500, "Rp 1.500"), (-25000, "Rp -25.000"),
     (25_000_000_000, "Rp 25.000.000.000"), (Decimal("1500000000.50"), "Rp 1.500.000.000"),
     (Decimal("1500000001.5"), "Rp 1.500.000.002"), (10**30, "Rp 1" + ".000" * 10),
     (10**70, "Rp 10" + ".000" * 23)],
)  # fmt: skip
def test_rupiah_is_whole_and_rounded_half_to_even(value, text):
    assert rupiah(value) == text


def test_no_amount_is_no_rupiah():
    assert rupiah(None) == rupiah("") == ""


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (45, "empat puluh lima"),
        (100, "seratus"),
        (101, "seratus satu"),
        (250, "dua ratus lima puluh"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1250, "seribu dua ratus lima puluh"),
        (2000, "dua ribu"),
        (100_000, "seratus ribu"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (2_500_750, "dua juta lima ratus ribu tujuh ratus lima puluh"),
        (1_000_000_000, "satu miliar"),
        (1_000_000_000_000, "satu triliun"),
        (1000 * 10**12, "seribu triliun"),
        (Decimal("2.50"), "dua koma lima"),
        (Decimal("0.05"), "nol koma nol lima"),
        (-3, "minus tiga"),
        (Decimal("-0"), "nol"),
    ],
)
def test_terbilang(number, words):
    assert terbilang(number) == words


def test_service_days_read_as_the_documents_write_them():
    assert f"3 ({terbilang(3)}) hari kerja" == "3 (tiga) hari kerja"


def test_numbers_past_36_digits_stay_in_figures():
    assert terbilang(10**35).endswith("triliun triliun")
    assert terbilang(10**36) == "1" + ".000" * 12
