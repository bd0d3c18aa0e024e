from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "theodoi.synth"
    label = "synth"
    verbose_name = "Dữ liệu mô phỏng quy mô quốc gia"
