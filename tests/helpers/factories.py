"""Small libraries and sessions built in code, so core tests do not depend on the bundled data."""

from __future__ import annotations

from backtimer.core.clock import FakeClock
from backtimer.core.events import Event, EventBus
from backtimer.core.models import Exercise, Library, Routine, RoutineItem
from backtimer.core.pain import PainTracker
from backtimer.core.plan import Plan, build_plan
from backtimer.core.session import Session
from backtimer.core.settings import Settings


def exercise(ex_id: str, mode: str = "hold", *, hold: int | None = 10, reps: int = 2,
             sets: int = 1, per_side: bool = False, rest: int | None = None,
             contraindications: tuple[str, ...] = (), alternates: bool = False) -> Exercise:
    return Exercise(
        id=ex_id, name=ex_id.replace("_", " ").capitalize(), category="stretch",
        position="lying_on_back", equipment=("mat",), per_side=per_side, mode=mode,  # type: ignore[arg-type]
        hold=None if mode == "reps" else hold, reps=reps, sets=sets, rest=rest,
        summary="Do it gently.", steps=("Step one.",), cautions=(),
        contraindications=contraindications, sources=("test",), alternates=alternates,
    )


def library(*exercises: Exercise) -> Library:
    return Library(exercises={e.id: e for e in exercises})


def routine(*items: RoutineItem | str, routine_id: str = "test_routine") -> Routine:
    return Routine(
        id=routine_id, name="Test routine",
        items=tuple(RoutineItem(i) if isinstance(i, str) else i for i in items),
    )


class Recorder:
    """Collects every event published on a bus."""

    def __init__(self, bus: EventBus) -> None:
        self.events: list[Event] = []
        bus.subscribe(self.events.append)

    def named(self, name: str) -> list[Event]:
        return [e for e in self.events if e.name == name]

    def names(self) -> list[str]:
        return [e.name for e in self.events]


def make_session(plan: Plan, *, baseline: int = 0, settings: Settings | None = None,
                 clock: FakeClock | None = None) -> tuple[Session, FakeClock, Recorder]:
    clock = clock or FakeClock()
    bus = EventBus()
    rec = Recorder(bus)
    tracker = PainTracker(baseline=baseline, clock=clock, settings=settings or Settings())
    return Session(plan, clock, bus, pain=tracker), clock, rec


def plan_of(lib: Library, *items: RoutineItem | str, settings: Settings | None = None) -> Plan:
    return build_plan(routine(*items), lib, settings or Settings())


def run_for(session: Session, clock: FakeClock, seconds: float, step: float = 0.1) -> None:
    """Advance the fake clock in small ticks, the way the UI ticker would."""
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        clock.advance(min(step, end - clock.now))
        session.tick()
