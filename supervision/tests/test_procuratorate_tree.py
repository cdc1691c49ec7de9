"""The procuratorate tree's materialised paths follow a move, so every subtree scope does."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from supervision.choices import ProcuratorateLevel
from supervision.models import Procuratorate


def test_moving_a_procuratorate_moves_everything_below_it(world):
    branch = Procuratorate.objects.create(name="定海区人民检察院派驻检察室", short_name="定派",
                                          level=ProcuratorateLevel.BASIC, parent=world.dinghai)
    other_city = Procuratorate.objects.create(name="宁波市人民检察院", short_name="甬检",
                                              level=ProcuratorateLevel.MUNICIPAL,
                                              parent=world.city.parent)
    world.dinghai.parent = other_city
    world.dinghai.save()
    world.dinghai.refresh_from_db()
    branch.refresh_from_db()
    assert world.dinghai.path == f"{other_city.path}{world.dinghai.pk}/"
    assert branch.path == f"{world.dinghai.path}{branch.pk}/"
    city_tree = set(Procuratorate.objects.filter(path__startswith=world.city.path))
    assert world.dinghai not in city_tree and branch not in city_tree
    assert world.putuo in city_tree


def test_a_procuratorate_cannot_be_placed_below_itself(world):
    world.city.parent = world.dinghai
    with pytest.raises(ValidationError) as refused:
        world.city.full_clean()
    assert "parent" in refused.value.message_dict
