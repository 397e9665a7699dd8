from django.urls import path

from experts.views import assessments, profiles

urlpatterns = [
    path("", profiles.expert_list, name="expert-list"),
    path("me/", profiles.expert_mine, name="expert-mine"),
    path("new/", profiles.expert_create, name="expert-create"),
    path("kept/", profiles.expert_kept, name="expert-kept"),
    path("import/", profiles.expert_import, name="expert-import"),
    path("<int:pk>/", profiles.expert_detail, name="expert-detail"),
    path("<int:pk>/edit/", profiles.expert_edit, name="expert-edit"),
    path("<int:pk>/deactivate/", profiles.expert_deactivate, name="expert-deactivate"),
    path("assessments/", assessments.assessment_list, name="assessment-list"),
    path("assessments/new/", assessments.assessment_request, name="assessment-request"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path(
        "assessments/<int:pk>/decline/", assessments.assessment_decline, name="assessment-decline"
    ),
    path(
        "assessments/<int:pk>/publish/", assessments.assessment_publish, name="assessment-publish"
    ),
]
