"""A process's steps as the flow migrants follow: the one function that computes it.

The migrant page (apps/migrants/display.py), the PA step editor and preview and the
cycle check of the services all use `process_flow`, so editors see exactly what migrants
will see.

Rules:

- Steps follow each other in position order: after a step comes the next one
  ("the ordinary next step"), unless the step does not continue (`Step.continues`
  unticked: the way ends there or goes on only through its connections).
- A connection (StepLink) adds a way; it never removes the ordinary next step. A
  connection to the next step gives the ordinary way a label.
- A step with branches offers them first, then "Otherwise: go to step N" (the ordinary
  next step); the last step with branches ends the way otherwise.
- A step without any way on ends the way.

Editors are warned about steps no way leads to, ways that end before the last step,
steps from which no way leads to an end, and ways back where the process does not
allow repeating steps.

Pure Python over steps and links already loaded (`process.steps.all()` and
`process.links.all()`, prefetched by the selectors): no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

BRANCH = "branch"  # a connection to another step than the next, forward
BACK = "back"  # a connection to this or an earlier step
NEXT = "next"  # the ordinary next step, labelled (a connection to it) or not
OTHERWISE = "otherwise"  # the ordinary next step beside branches


@dataclass
class Option:
    """A way on from a step, as migrants read it."""

    to: int  # number of the target step
    anchor: str
    kind: str  # BRANCH, BACK, NEXT or OTHERWISE
    link: Any = None  # the StepLink, None for the ordinary next step without a connection
    source: int = 0  # number of the step it leaves
    source_anchor: str = ""

    @property
    def back(self) -> bool:
        return self.kind == BACK

    @property
    def otherwise(self) -> bool:
        return self.kind == OTHERWISE

    @property
    def labelled(self) -> bool:
        return self.link is not None and has_label(self.link)


@dataclass
class Node:
    step: Any
    number: int
    anchor: str
    # The ways on shown to migrants, in reading order; empty when the step simply
    # continues with the next one (nothing to say) or ends the way.
    options: list[Option] = field(default_factory=list)
    # Labelled ways and jumps that lead here from another step.
    reached_from: list[Option] = field(default_factory=list)
    next_number: int | None = None  # the ordinary next step, if the way goes on to it
    is_end: bool = False  # no way goes on from here
    end_otherwise: bool = False  # branches, and otherwise the way ends (the last step)
    links: list[Any] = field(default_factory=list)  # every connection leaving the step


@dataclass
class Flow:
    nodes: list[Node]
    unreachable: list[int] = field(default_factory=list)
    dead_ends: list[int] = field(default_factory=list)
    trapped: list[int] = field(default_factory=list)
    forbidden_back: list[tuple[int, int]] = field(default_factory=list)
    branched: bool = False  # the process has connections or steps that do not continue
    numbers: dict[int, int] = field(default_factory=dict)  # step id -> number

    @property
    def warnings(self) -> list[str]:
        """What an editor should check, in sentences (translated)."""
        messages = [
            _("No step leads to step %(number)s: migrants never reach it.") % {"number": n}
            for n in self.unreachable
        ]
        messages += [
            _(
                "The way ends at step %(number)s although steps follow it: migrants who reach "
                "it are not told where to go next. Tick “then continue with the next step” or "
                "connect it, unless the way really ends there."
            )
            % {"number": n}
            for n in self.dead_ends
        ]
        if self.trapped:
            messages.append(
                _("From steps %(numbers)s no way leads to an end: migrants go round in a circle.")
                % {"numbers": ", ".join(str(n) for n in self.trapped)}
            )
        messages += [
            _(
                "Step %(from)s leads back to step %(to)s, but this process does not allow "
                "repeating steps."
            )
            % {"from": a, "to": b}
            for a, b in self.forbidden_back
        ]
        return messages


def has_label(link: Any) -> bool:
    return any(getattr(link, _label_column(code), "") for code, _name in settings.LANGUAGES)


def _label_column(code: str) -> str:
    return "label_" + code.replace("-", "_")


def build_flow(steps: list[Any], links: list[Any], *, allow_cycles: bool = True) -> Flow:
    """The flow of `steps` (in position order) and `links` (StepLinks between them)."""
    numbers = {step.pk: n for n, step in enumerate(steps, start=1)}
    nodes = [Node(step=s, number=numbers[s.pk], anchor=f"step-{numbers[s.pk]}") for s in steps]
    by_number = {node.number: node for node in nodes}
    outgoing: dict[int, list[Any]] = {}
    for link in links:
        if link.from_step_id in numbers and link.to_step_id in numbers:
            outgoing.setdefault(numbers[link.from_step_id], []).append(link)
    last = len(nodes)
    branched = bool(outgoing)
    for node in nodes:
        node.links = sorted(outgoing.get(node.number, []), key=lambda lk: numbers[lk.to_step_id])
        continues = getattr(node.step, "continues", True)
        if not continues:
            branched = True
        following = node.number + 1 if node.number < last else None
        to_next = next((lk for lk in node.links if numbers[lk.to_step_id] == following), None)
        others = [lk for lk in node.links if lk is not to_next]
        default_link = to_next
        has_default = following is not None and (continues or to_next is not None)
        node.next_number = following if has_default else None

        def option(target: int, kind: str, link: Any, node: Node = node) -> Option:
            return Option(
                to=target,
                anchor=by_number[target].anchor,
                kind=kind,
                link=link,
                source=node.number,
                source_anchor=node.anchor,
            )

        for link in others:
            target = numbers[link.to_step_id]
            node.options.append(option(target, BACK if target <= node.number else BRANCH, link))
        if has_default:
            if node.options:
                kind = NEXT if default_link is not None and has_label(default_link) else OTHERWISE
                node.options.append(option(following, kind, default_link))
            elif default_link is not None and has_label(default_link):
                node.options.append(option(following, NEXT, default_link))
        node.is_end = not has_default and not others
        node.end_otherwise = bool(others) and not has_default and continues
        for opt in node.options:
            if opt.kind in (BRANCH, BACK) or opt.labelled:
                by_number[opt.to].reached_from.append(opt)
    flow = Flow(nodes=nodes, branched=branched, numbers=numbers)
    _check(flow, allow_cycles=allow_cycles)
    return flow


def edges(flow: Flow) -> dict[int, list[int]]:
    """{step number: numbers of the steps a migrant may go to next}."""
    result: dict[int, list[int]] = {}
    for node in flow.nodes:
        targets = [node.next_number] if node.next_number else []
        targets += [flow.numbers[link.to_step_id] for link in node.links]
        result[node.number] = sorted(set(targets))
    return result


def _reach(start: list[int], graph: dict[int, list[int]]) -> set[int]:
    seen: set[int] = set()
    todo = list(start)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, []))
    return seen


def _check(flow: Flow, *, allow_cycles: bool) -> None:
    if not flow.nodes:
        return
    graph = edges(flow)
    reached = _reach([1], graph)
    flow.unreachable = [n.number for n in flow.nodes if n.number not in reached]
    last = flow.nodes[-1].number
    flow.dead_ends = [n.number for n in flow.nodes if n.is_end and n.number != last]
    ends = [n.number for n in flow.nodes if n.is_end or n.end_otherwise]
    reverse: dict[int, list[int]] = {}
    for a, targets in graph.items():
        for b in targets:
            reverse.setdefault(b, []).append(a)
    leads_to_end = _reach(ends, reverse)
    flow.trapped = sorted(n for n in reached if n not in leads_to_end)
    if not allow_cycles:
        flow.forbidden_back = [
            (node.number, flow.numbers[link.to_step_id])
            for node in flow.nodes
            for link in node.links
            if flow.numbers[link.to_step_id] <= node.number
        ]


def process_flow(process: Any) -> Flow:
    """The flow of a process from its (prefetched) steps and links."""
    return build_flow(
        list(process.steps.all()),
        list(process.links.all()),
        allow_cycles=getattr(process, "allow_cycles", True),
    )


def leads_to(flow: Flow, start_pk: int, goal_pk: int) -> bool:
    """Whether a migrant at step `start_pk` can come to step `goal_pk` (ids of steps)."""
    numbers = flow.numbers
    if start_pk not in numbers or goal_pk not in numbers:
        return False
    return numbers[goal_pk] in _reach([numbers[start_pk]], edges(flow))


def has_cycle(flow: Flow) -> bool:
    graph = edges(flow)
    return any(node.number in _reach(graph[node.number], graph) for node in flow.nodes)
