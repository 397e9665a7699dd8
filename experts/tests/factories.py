import factory
from factory.django import DjangoModelFactory

from experts.models import Assessment, Expert


class ExpertFactory(DjangoModelFactory[Expert]):
    class Meta:
        model = Expert

    name_en = factory.Faker("name")
    name_zh = "张三"
    title = "Professor"
    keywords = ["batteries"]


class AssessmentFactory(DjangoModelFactory[Assessment]):
    class Meta:
        model = Assessment

    expert = factory.SubFactory(ExpertFactory)
    status = Assessment.Status.REQUESTED
