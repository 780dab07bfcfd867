from django.urls import path

from quizzes import admin_views

app_name = "quizzes_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("classes/add/", admin_views.class_edit, name="class_add"),
    path("classes/<int:pk>/", admin_views.class_edit, name="class_edit"),
    path("runs/add/", admin_views.run_add, name="run_add"),
    path("runs/<int:pk>/", admin_views.run_detail, name="run"),
    path("runs/<int:pk>/sheet/", admin_views.run_sheet, name="run_sheet"),
    path("runs/<int:pk>/close/", admin_views.run_close, name="run_close"),
    path("attempts/<int:pk>/delete/", admin_views.attempt_delete, name="attempt_delete"),
    path("guide/", admin_views.guide, name="guide"),
    path("runs/<int:pk>/students/<int:attempt_pk>/renumber/", admin_views.attempt_renumber, name="renumber"),
    path("runs/<int:pk>/students/<int:attempt_pk>/remove/", admin_views.attempt_remove, name="remove_attempt"),
    path("runs/<int:pk>/export.<str:file_format>", admin_views.run_export, name="run_export"),
    path("runs/<int:pk>/certificates.pdf", admin_views.run_certificates, name="run_certificates"),
    path("files/<int:pk>/", admin_views.job, name="job"),
    path("files/<int:pk>/download/", admin_views.job_download, name="job_download"),
    path("rollup/", admin_views.rollup, name="rollup"),
    path("rollup/school/<int:pk>/", admin_views.rollup_school, name="rollup_school"),
    path("bank/export.<str:file_format>", admin_views.bank_export, name="bank_export"),
    path("bank/import/", admin_views.bank_import, name="bank_import"),
]
