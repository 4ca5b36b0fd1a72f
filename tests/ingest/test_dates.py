from protokoll.ingest.dates import months_named


def test_months_named_reads_days_months_and_lone_years() -> None:
    text = (
        "I mars 2019 fick delegationen uppdraget; redovisning senast den 2 maj 2020 och "
        "30.4.2021, och under 2022, enligt prop. 2018/19:5."
    )
    assert months_named(text) == {(2019, 3), (2020, 5), (2021, 4), (2022, 12)}
