"""Form fields that refuse what no database column can hold, with an error instead of a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Agency
from supervision.converters import MAX_ID
from supervision.forms import ModelMultipleChoiceField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [str(MAX_ID + 1), "99999999999999999999999", "0", "-3"])
def test_an_id_past_the_column_is_an_invalid_choice(world, value):
    field = ModelMultipleChoiceField(queryset=Agency.objects.all())
    with pytest.raises(ValidationError) as caught:
        field.clean([str(world.court.pk), value])
    assert caught.value.code == "invalid_pk_value"


def test_ids_in_range_still_choose(world):
    field = ModelMultipleChoiceField(queryset=Agency.objects.all())
    assert list(field.clean([str(world.court.pk)])) == [world.court]
