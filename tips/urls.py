from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from . import views

app_name = "tips"

urlpatterns = [
    path("tips/", views.submit, name="submit"),
    path("tips/receipt/", views.confirm_receipt, name="confirm_receipt"),
    path("tips/captcha/<str:token>.png", views.captcha_image, name="captcha"),
    path("tips/status/", views.status, name="status"),
    # The quick exit's landing page: a neutral path, since it stays in the history.
    path("newtab/", never_cache(TemplateView.as_view(template_name="tips/neutral.html")), name="neutral"),
]
