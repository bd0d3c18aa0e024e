from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "theodoi.exchange"
    verbose_name = "Trao đổi dữ liệu Excel"
