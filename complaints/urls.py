"""Complaints, the satisfaction survey and the published service standard.

Public (no login): the standard, the complaint form and its status page, the survey.
Staff: the complaint desk and the IKM report. SP4N-LAPOR! posts its notifications here too.
"""

from django.urls import path

from complaints.views import desk, lapor, public, report, standard, survey

app_name = "complaints"

urlpatterns = [
    path("standar-pelayanan/", standard.catalog, name="catalog"),
    path("standar-pelayanan/<slug:code>/", standard.standard, name="standard"),
    path("pengaduan/", public.submit, name="submit"),
    path("pengaduan/terkirim/", public.submitted, name="submitted"),
    path("pengaduan/status/", public.status, name="status"),
    path("survei/", survey.survey, name="survey"),
    path("survei/terima-kasih/", survey.survey_done, name="survey_done"),
    path("pengaduan/meja/", desk.desk, name="desk"),
    path("pengaduan/catat/", desk.record, name="record"),
    path("pengaduan/<int:pk>/", desk.detail, name="detail"),
    path("pengaduan/<int:pk>/tindakan/<slug:name>/", desk.action, name="action"),
    path("pengaduan/<int:pk>/lampiran/", desk.attachment, name="attachment"),
    # SP4N-LAPOR!: the desk's "sync now", and LAPOR!'s signed notifications (public, JSON).
    path("pengaduan/lapor/sinkronkan/", lapor.sync_now, name="lapor_sync"),
    path("pengaduan/lapor/notifikasi/", lapor.notification, name="lapor_notification"),
    path("survei/ikm/", report.ikm_report, name="ikm_report"),
    path("survei/ikm/unduh.pdf", report.ikm_pdf, name="ikm_pdf"),
    path("survei/ikm/unduh.xlsx", report.ikm_xlsx, name="ikm_xlsx"),
]
