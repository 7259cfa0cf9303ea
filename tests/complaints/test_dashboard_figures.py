"""Complaint and satisfaction figures on the supervision dashboard."""

from django.urls import reverse
from django.utils import timezone

from complaints.workflow import ComplaintStatus
from office.roles import Role


def test_the_supervision_dashboard_counts_the_complaints_of_the_period(client, staff, complaint_at):
    complaint_at(ComplaintStatus.RECEIVED)
    complaint_at(ComplaintStatus.VERIFIED)
    client.force_login(staff[Role.KEPALA_DINAS])
    today = timezone.localdate().isoformat()

    page = client.get(reverse("supervision"), {"dari": today, "sampai": today}).content.decode()

    assert "Pengaduan dan kepuasan masyarakat" in page
    assert '<span class="stat-value">2</span><span class="stat-label">Pengaduan diterima' in page
    assert '<span class="stat-value">2</span><span class="stat-label">Pengaduan terbuka' in page
