import factory
from factory.django import DjangoModelFactory

from experts.models import Expert


class ExpertFactory(DjangoModelFactory[Expert]):
    class Meta:
        model = Expert

    name_en = factory.Faker("name")
    name_zh = "张三"
    title = "Professor"
    keywords = ["batteries"]
