from workflow.table import Status


def test_a_sample_file_reaches_handover_with_a_permit_number(file_at):
    application = file_at(Status.HANDED_OVER)
    assert application.permit.number.startswith("503/0001/IUPI/")
    assert application.control_card.count() == 8
