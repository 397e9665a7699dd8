import factory
from factory.django import DjangoModelFactory

from accounts.models import Membership, Organization, User

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Faker("name")
    preferred_language = "en"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", TEST_PASSWORD)
        return model_class.objects.create_user(*args, password=password, **kwargs)


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    kind = Organization.Kind.UNIVERSITY
    name_en = factory.Sequence(lambda n: f"University {n}")
    name_zh = factory.Sequence(lambda n: f"第{n}大学")
    slug = factory.Sequence(lambda n: f"org-{n}")
    region = "zhejiang"
    verified = True


class EnterpriseFactory(OrganizationFactory):
    kind = Organization.Kind.ENTERPRISE
    name_en = factory.Sequence(lambda n: f"Enterprise {n} Co., Ltd.")
    name_zh = factory.Sequence(lambda n: f"第{n}科技有限公司")


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.TTO_OFFICER
    status = Membership.Status.ACTIVE
