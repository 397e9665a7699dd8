from django.urls import path

from deals.views import access, funnel, inquiries, outcomes

urlpatterns = [
    path("inquiries/", inquiries.inquiry_list, name="inquiry-list"),
    path("inquiries/<int:pk>/", inquiries.inquiry_detail, name="inquiry-detail"),
    path("inquiries/<int:pk>/reply/", inquiries.inquiry_reply, name="inquiry-reply"),
    path("inquiries/<int:pk>/close/", inquiries.inquiry_close, name="inquiry-close"),
    path("listings/<int:pk>/ask/", inquiries.inquiry_create, name="inquiry-create"),
    path(
        "listings/<int:pk>/request-documents/",
        access.access_request_create,
        name="access-request-create",
    ),
    path("listings/<int:pk>/outcomes/", outcomes.outcome_list, name="outcome-list"),
    path("listings/<int:pk>/funnel/", funnel.listing_funnel, name="funnel-listing"),
    path("outcomes/<int:pk>/edit/", outcomes.outcome_edit, name="outcome-edit"),
    path("outcomes/<int:pk>/withdraw/", outcomes.outcome_withdraw, name="outcome-withdraw"),
    path("documents/", access.access_request_list, name="access-request-list"),
    path("documents/<int:pk>/", access.access_request_detail, name="access-request-detail"),
    path("documents/<int:pk>/nda/", access.access_request_nda, name="access-request-nda"),
    path(
        "documents/<int:pk>/<slug:action>/",
        access.access_request_action,
        name="access-request-action",
    ),
    path("nda/", access.nda_manage, name="nda-manage"),
    path("funnel/", funnel.institution_funnel, name="funnel"),
]
