"""Writing the catalog: a new version of a service's standard, copied from the one before.

A version files are registered under is never edited (they keep it for good); a change of
law is a new version with its own effective date, made here and then edited until it
is used. docs/adr/0010-services-as-data.md.
"""

from datetime import date

from django.db import transaction
from django.db.models import Max

from permits.models import CommitmentType, Requirement, ServiceStandard, StandardItem


def new_version(source: ServiceStandard, *, effective_from: date) -> ServiceStandard:
    """Copy `source` (its terms, requirements, commitments and text items) as the service's
    next version, in force from `effective_from`. ValidationError (from the model's rules)
    when that date is refused; nothing is written then."""
    with transaction.atomic():
        # Lock the service's versions: two administrators get versions n+1 and n+2.
        versions = ServiceStandard.objects.select_for_update().filter(service=source.service)
        latest = versions.aggregate(latest=Max("version"))["latest"] or 0
        copy = ServiceStandard(
            service=source.service,
            version=latest + 1,
            effective_from=effective_from,
            product=source.product,
            service_days=source.service_days,
            fee_amount=source.fee_amount,
            fee_label=source.fee_label,
            permit_number_format=source.permit_number_format,
            registration_prefix=source.registration_prefix,
            correction_days=source.correction_days,
            archive_code=source.archive_code,
            retention_active_years=source.retention_active_years,
            retention_inactive_years=source.retention_inactive_years,
            retention_disposition=source.retention_disposition,
            data_fields=source.data_fields,
            decree_title=source.decree_title,
            decree_considerations=source.decree_considerations,
            decree_clauses=source.decree_clauses,
            certificate_page=source.certificate_page,
            requires_inspection=source.requires_inspection,
            asks_company=source.asks_company,
            asks_industry_expansion=source.asks_industry_expansion,
            applicant_kinds=list(source.applicant_kinds),
        )
        copy.full_clean()
        copy.save()
        Requirement.objects.bulk_create(
            Requirement(
                standard=copy, order=r.order, text=r.text, applies_to=r.applies_to, active=r.active
            )
            for r in source.requirements.all()
        )
        CommitmentType.objects.bulk_create(
            CommitmentType(standard=copy, code=c.code, order=c.order, text=c.text, active=c.active)
            for c in source.commitment_types.all()
        )
        StandardItem.objects.bulk_create(
            StandardItem(standard=copy, component=i.component, order=i.order, text=i.text)
            for i in source.items.all()
        )
    return copy
