"""The state-machine base (``supervision.statemachine``) on a small table of its own: the
questions, the gate (who first, then the state), the refusals and their words, and the checks
made when a table is built. No database: the base knows no app and no model."""

from __future__ import annotations

import ast
import pathlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from supervision import statemachine
from supervision.statemachine import (
    SYSTEM,
    ActorKind,
    Messages,
    Transition,
    TransitionNotAllowed,
    TransitionTable,
)

STATES = {"open": "开启", "held": "暂停", "done": "完成", "dropped": "撤销"}
MESSAGES = Messages(wrong_state="状态为“%(state)s”，不能“%(action)s”。",
                    wrong_target="“%(action)s”不能进入“%(state)s”。")
KINDS = [ActorKind("clerk", "只有书记员可以。"), ActorKind("boss", "只有负责人可以。")]


def _table(messages: Messages = MESSAGES) -> TransitionTable:
    return TransitionTable([
        Transition("hold", {"open"}, {"held"}, {"clerk"}, "暂停"),
        Transition("note", {"open", "held"}, set(), {"clerk", "boss"}, "备注"),
        Transition("decide", {"held"}, {"done", "dropped"}, {"boss"}, "决定"),
        Transition("finish", {"open"}, {"done"}, {SYSTEM}, "自动完成"),
        Transition("resume", {"held"}, {"open"}, {"boss", SYSTEM}, "恢复"),
    ], states=STATES, actor_kinds=KINDS, messages=messages)


def test_rows_are_frozen_and_need_sources_and_actors():
    t = Transition("hold", {"open"}, {"held"}, {"clerk"}, "暂停")
    assert t.sources == frozenset({"open"}) and isinstance(t.actors, frozenset)
    assert not t.keeps_state and Transition("n", {"open"}, set(), {"clerk"}, "n").keeps_state
    with pytest.raises(ValueError):
        Transition("x", set(), {"held"}, {"clerk"}, "x")
    with pytest.raises(ValueError):
        Transition("x", {"open"}, {"held"}, set(), "x")


@pytest.mark.parametrize("row", [
    Transition("x", {"opne"}, {"held"}, {"clerk"}, "x"),  # unknown source
    Transition("x", {"open"}, {"hled"}, {"clerk"}, "x"),  # unknown target
    Transition("x", {"open"}, {"held"}, {"clark"}, "x"),  # unknown actor kind
])
def test_a_row_naming_what_the_table_does_not_know_fails_when_built(row):
    with pytest.raises(ValueError):
        TransitionTable([row], states=STATES, actor_kinds=KINDS, messages=MESSAGES)


def test_an_action_twice_fails_when_built():
    row = Transition("x", {"open"}, {"held"}, {"clerk"}, "x")
    with pytest.raises(ValueError):
        TransitionTable([row, row], states=STATES, actor_kinds=KINDS, messages=MESSAGES)


def test_the_table_is_a_read_only_mapping_in_table_order():
    table = _table()
    assert list(table) == ["hold", "note", "decide", "finish", "resume"]
    assert len(table) == 5 and table["hold"].targets == {"held"} and "x" not in table
    with pytest.raises(TypeError):
        table["x"] = table["hold"]  # type: ignore[index]


def test_the_questions():
    table = _table()
    assert table.allowed("open") == ["hold", "note", "finish"]
    assert table.allowed("open", {"clerk"}) == ["hold", "note"]
    assert table.allowed("held", {"boss"}) == ["note", "decide", "resume"]
    assert table.allowed("held", {SYSTEM}) == ["resume"]
    assert table.allowed("done", {"clerk", "boss", SYSTEM}) == []
    assert table.actions_for({"clerk"}) == ["hold", "note"]
    assert table.actions_for({SYSTEM}) == ["finish", "resume"]
    assert table.kinds_from("open") == {"clerk", "boss", SYSTEM}
    assert table.kinds_from("done") == frozenset()
    assert table.may("decide", {"clerk", "boss"}) and not table.may("decide", {"clerk"})
    assert table.label("hold") == "暂停"


def test_check_returns_the_target_or_refuses_the_state():
    table = _table()
    assert table.check("hold", "open") == "held"
    assert table.check("note", "held") == "held"  # keeps the state
    assert table.check("decide", "held", "dropped") == "dropped"
    with pytest.raises(TransitionNotAllowed, match="状态为“完成”，不能“暂停”"):
        table.check("hold", "done")
    with pytest.raises(TransitionNotAllowed, match="“决定”不能进入“开启”"):
        table.check("decide", "held", "open")
    with pytest.raises(ValueError):  # several targets: the service must choose one
        table.check("decide", "held")


def test_a_wrong_target_without_words_is_a_programming_error():
    with pytest.raises(ValueError):
        _table(Messages(wrong_state="%(state)s %(action)s")).check("decide", "held", "open")


def test_enforce_asks_who_first_then_the_state():
    table = _table()
    assert table.enforce("hold", "open", {"clerk"}) == "held"
    with pytest.raises(PermissionDenied, match="只有书记员可以"):
        table.enforce("hold", "done", {"boss"})  # the wrong person, even from a wrong state
    with pytest.raises(TransitionNotAllowed):
        table.enforce("hold", "done", {"clerk"})
    # Several kinds: the first by name is the one named in the refusal.
    with pytest.raises(PermissionDenied, match="只有负责人可以"):
        table.enforce("note", "open", set())


def test_no_person_takes_a_system_step():
    table = _table()
    assert table.enforce_system("finish", "open") == "done"
    assert table.enforce_system("resume", "held") == "open"
    with pytest.raises(TransitionNotAllowed):
        table.enforce_system("finish", "held")
    with pytest.raises(PermissionDenied) as refused:
        table.enforce("finish", "open", {"clerk", "boss"})
    assert str(refused.value) == str(statemachine.SYSTEM_KIND.refusal)
    with pytest.raises(PermissionDenied, match="只有负责人可以"):  # a person's kind is named
        table.enforce("resume", "held", {"clerk"})
    with pytest.raises(PermissionDenied):  # a step of the person's kind is not the system's
        table.enforce_system("hold", "open")


def test_an_unknown_action_is_a_key_error_or_a_refusal_in_words():
    with pytest.raises(KeyError):
        _table().check("fly", "open")
    worded = _table(Messages(wrong_state="%(state)s %(action)s", unknown_action="未知操作。"))
    with pytest.raises(TransitionNotAllowed, match="未知操作"):
        worded.enforce("fly", "open", {"clerk"})


def test_the_refusal_is_a_validation_error_in_the_readers_language():
    assert issubclass(TransitionNotAllowed, ValidationError)
    with translation.override("en"):
        assert "automatically" in str(statemachine.SYSTEM_KIND.refusal)
    with translation.override("zh-hans"):
        assert "系统" in str(statemachine.SYSTEM_KIND.refusal)


def test_the_base_imports_no_app():
    """The core imports no app: only the standard library and Django."""
    source = pathlib.Path(statemachine.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "collections", "dataclasses", "typing", "django"}
