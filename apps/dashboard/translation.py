from modeltranslation.translator import TranslationOptions, register

from apps.dashboard.models import Indicator, PublishedChart


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(PublishedChart)
class PublishedChartTranslation(TranslationOptions):
    fields = ("title", "explanation")
