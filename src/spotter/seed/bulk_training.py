"""Bulk rows about training: trainers' private exercises, templates and
programs, bookings, workouts, session cards and weigh-ins."""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from spotter.seed.bulk_people import weigh_in
from spotter.seed.bulk_plan import coach_index
from spotter.seed.bulk_world import CatalogueExercise, ScheduleRef, WorkoutRef, World

Row = tuple[Any, ...]

# Lifts most workouts include, so a trainee's history holds many earlier sets
# of the exercise a benchmark logs (personal-record detection reads them).
CORE_LIFTS = ("Barbell Back Squat", "Barbell Bench Press", "Conventional Deadlift")
POOL_SIZE = 400
MOODS = ("great", "good", "tired", "ok")
MINUTES = (45, 60, 75, 90)
TITLES = ("Strength session", "ฝึกเวท", "Conditioning", "Mobility & core", "ฝึกคาร์ดิโอ")


def _entry(rng: Any, exercise: CatalogueExercise) -> dict[str, Any]:
    """One exercise of a workout in the stored (camelCase) shape."""
    if exercise.type == "weight_training":
        weight, reps = rng.randrange(20, 160, 5) / 1, rng.randint(3, 12)
        sets = [
            {"setNumber": n, "weight": weight, "reps": reps - n // 2, "rest": 90}
            for n in range(1, rng.randint(3, 5) + 1)
        ]
    elif exercise.type == "cardio":
        sets = [{"setNumber": 1, "distance": rng.randint(2, 10), "duration": rng.randint(15, 60)}]
    else:
        sets = [{"setNumber": 1, "duration": rng.randint(5, 20), "holdTime": 30}]
    return {
        "name": exercise.name,
        "type": exercise.type,
        "exerciseId": str(exercise.id),
        "sets": sets,
    }


def exercise_pool(world: World) -> list[tuple[str, set[uuid.UUID]]]:
    """Workout bodies to pick from: (exercises JSON, the exercise ids it uses)."""
    rng, catalogue = world.rng, world.catalogue
    lifts = [e for e in catalogue if e.name in CORE_LIFTS] or catalogue[:1]
    weights = [e for e in catalogue if e.type == "weight_training"] or catalogue
    others = [e for e in catalogue if e.type != "weight_training"] or catalogue
    pool = []
    for _ in range(POOL_SIZE):
        chosen = [rng.choice(lifts), *rng.sample(weights, min(2, len(weights)))]
        if rng.random() < 0.5:
            chosen.append(rng.choice(others))
        body = json.dumps([_entry(rng, e) for e in chosen], ensure_ascii=False)
        # Copied as COPY text as it is: nothing in it may need escaping.
        assert not any(c in body for c in "\\\t\n"), body
        pool.append((body, {e.id for e in chosen}))
    return pool


EXERCISE_COLUMNS = (
    "name, type, category, description, muscle_groups, equipment, difficulty, created_by,"
    " created_at, updated_at"
)


def private_exercises(world: World) -> Iterator[Row]:
    """Trainers' own exercises: visible to them and their trainees only."""
    rng = world.rng
    for k in range(world.plan.private_exercises):
        created = world.now - dt.timedelta(days=rng.randint(1, 600))
        yield (
            f"Coach variation {k + 1:04d}",
            "weight_training",
            "custom",
            "A trainer's own variation.",
            ["quadriceps", "glutes"],
            ["barbell"],
            "intermediate",
            world.trainers[k % len(world.trainers)],
            created,
            created,
        )


TEMPLATE_COLUMNS = (
    "created_by, name, description, exercises, tags, difficulty, duration_minutes, is_public,"
    " created_at, updated_at"
)


def _planned(world: World, count: int) -> list[dict[str, Any]]:
    return [
        {"name": e.name, "exerciseId": str(e.id), "type": e.type, "targetSets": 3, "targetReps": 8}
        for e in world.rng.sample(world.catalogue, min(count, len(world.catalogue)))
    ]


def exercise_templates(world: World) -> Iterator[Row]:
    rng = world.rng
    for k in range(world.plan.counts["exercise_templates"]):
        planned = _planned(world, rng.randint(3, 6))
        for exercise in planned:
            used = uuid.UUID(exercise["exerciseId"])
            world.usage[used] = world.usage.get(used, 0) + 1
        created = world.now - dt.timedelta(days=rng.randint(1, 600))
        yield (
            world.trainers[k % len(world.trainers)],
            f"Template {k + 1}",
            None,
            json.dumps(planned),
            ["strength"] if k % 2 else ["conditioning", "beginner"],
            rng.choice(("beginner", "intermediate", "advanced")),
            rng.choice((45, 60, 75)),
            k % 3 == 0,
            created,
            created,
        )


def _program_ids(world: World) -> list[tuple[uuid.UUID, uuid.UUID, bool]]:
    """(id, creator, public) of each program template; half are public."""
    count, trainers = world.plan.counts["program_templates"], world.trainers
    return [
        (
            uuid.uuid5(uuid.NAMESPACE_OID, f"bulk-program-{k}"),
            trainers[k % len(trainers)],
            k % 2 == 0,
        )
        for k in range(count)
    ]


PROGRAM_COLUMNS = (
    "id, created_by, name, description, duration_weeks, weekly_plan, goals, difficulty,"
    " is_public, usage_count, created_at, updated_at"
)
ASSIGNMENT_COLUMNS = (
    "trainee_id, trainer_id, program_id, current_week, start_date, end_date, status,"
    " created_at, updated_at"
)


def programs(world: World) -> tuple[list[Row], list[Row]]:
    """Program templates and their assignments to trainees. An assignment
    uses the coach's own template, else a public one; each template's
    usage_count is its number of assignments (the trigger's count)."""
    rng, now = world.rng, world.now
    templates = _program_ids(world)
    own: dict[uuid.UUID, list[uuid.UUID]] = {}
    for program, creator, _ in templates:
        own.setdefault(creator, []).append(program)
    public = [program for program, _, is_public in templates if is_public] or [templates[0][0]]
    uses: dict[uuid.UUID, int] = {}
    assignments: list[Row] = []
    for k in range(world.plan.counts["trainee_programs"]):
        trainee = rng.randrange(len(world.trainees))
        coach = world.coach_of(trainee)
        program = rng.choice(own.get(coach) or public)
        uses[program] = uses.get(program, 0) + 1
        start = world.today - dt.timedelta(days=rng.randint(0, 400))
        status = "active" if k % 4 else rng.choice(("paused", "completed", "cancelled"))
        created = dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)
        end = start + dt.timedelta(weeks=12)
        weeks = min(12, (world.today - start).days // 7 + 1)
        assignments.append(
            (world.trainees[trainee], coach, program, weeks, start, end, status, created, created)
        )
    rows: list[Row] = []
    for number, (program, creator, is_public) in enumerate(templates):
        weeks = 4 + number % 9
        plan = [
            {
                "week": w,
                "days": [
                    {"day": d, "exercises": _planned(world, 3)} for d in ("monday", "thursday")
                ],
            }
            for w in range(1, weeks + 1)
        ]
        created = now - dt.timedelta(days=500)
        rows.append(
            (
                program,
                creator,
                f"Program {number + 1}",
                None,
                weeks,
                json.dumps(plan),
                ["strength"],
                "intermediate",
                is_public,
                uses.get(program, 0),
                created,
                created,
            )
        )
    return rows, assignments


SCHEDULE_COLUMNS = (
    "id, trainee_id, trainer_id, title, date, start_time, end_time, location, status,"
    " reminder_sent, created_at, updated_at"
)


def schedules(world: World) -> Iterator[Row]:
    """Bookings from the first month to a month ahead. A trainer's k-th
    booking takes its own day and hour, so neither a trainer's nor a
    trainee's sessions overlap (the exclusion constraints)."""
    rng, plan, now = world.rng, world.plan, world.now
    trainers = len(world.trainers)
    mine: list[list[int]] = [[] for _ in range(trainers)]
    for trainee in range(len(world.trainees)):
        mine[coach_index(trainee, trainers)].append(trainee)
    first = plan.months[0]
    days = (world.today - first).days + 30
    per_trainer = math.ceil(plan.counts["schedules"] / trainers)
    earliest = dt.datetime(first.year, first.month, 1, tzinfo=dt.UTC)
    for k in range(plan.counts["schedules"]):
        coach, slot = k % trainers, k // trainers
        booked_for = world.trainees[mine[coach][slot % len(mine[coach])]]
        day = first + dt.timedelta(days=slot * days // per_trainer)
        hour = 6 + slot % 12
        past = day < world.today
        if past:
            status = rng.choices(("completed", "cancelled", "confirmed"), (80, 15, 5))[0]
        else:
            status = rng.choice(("pending", "confirmed"))
        booked = dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)
        booked = min(now, max(earliest, booked - dt.timedelta(days=rng.randint(1, 14))))
        ref = ScheduleRef(uuid.uuid4(), booked_for, rng.choice(TITLES), day, booked)
        world.schedules.append(ref)
        yield (
            ref.id,
            booked_for,
            world.trainers[coach],
            ref.title,
            day,
            dt.time(hour),
            dt.time(hour, 45),
            "Gym A",
            status,
            past and status != "cancelled",
            booked,
            booked,
        )


def workout_owners(world: World) -> list[int]:
    """The trainee index of every workout, shuffled over time: the heavy
    trainee (index 0) has plan.heavy_history, the others share the rest."""
    plan = world.plan
    others = range(1, len(world.trainees)) if len(world.trainees) > 1 else range(1)
    rest = plan.counts["workouts"] - plan.heavy_history
    owners = [0] * plan.heavy_history + [others[k % len(others)] for k in range(rest)]
    world.rng.shuffle(owners)
    return owners


WORKOUT_COLUMNS = (
    "id, trainee_id, trainer_id, date, duration, exercises, notes, rating, mood,"
    " created_at, updated_at"
)


def workouts_of_month(
    world: World, month: int, owners: list[int], pool: list[tuple[str, set[uuid.UUID]]]
) -> Iterator[str]:
    """COPY text lines of a month's workouts, remembered in world.workouts_by_month."""
    rng, now = world.rng, world.now
    first = world.plan.months[month]
    last = world.month_bounds(month)[1].date()
    if month + 1 < len(world.plan.months):
        last -= dt.timedelta(days=1)  # the bound is the next month's first day
    days = [(first + dt.timedelta(days=d)).isoformat() for d in range((last - first).days + 1)]
    trainees = [str(t) for t in world.trainees]
    coaches = [str(world.coach_of(i)) for i in range(len(trainees))]
    refs = world.workouts_by_month[month]
    picks = [0] * len(pool)
    today = world.today.isoformat()
    for owner in owners:
        day = days[rng.randrange(len(days))]
        ref = WorkoutRef(str(uuid.uuid4()), trainees[owner], coaches[owner], day)
        refs.append(ref)
        body = rng.randrange(len(pool))
        picks[body] += 1
        world.bodies_of.setdefault(owner, set()).add(body)
        hour = rng.randint(6, 20)
        logged = (
            now.isoformat() if day == today and hour >= now.hour else f"{day} {hour:02d}:00:00+00"
        )
        yield (
            f"{ref.id}\t{ref.trainee}\t{ref.trainer}\t{day}\t{MINUTES[rng.randrange(4)]}"
            f"\t{pool[body][0]}\t\\N\t{rng.randint(1, 5)}\t{MOODS[rng.randrange(4)]}"
            f"\t{logged}\t{logged}\n"
        )
    for body, times in enumerate(picks):
        for used in pool[body][1]:
            world.usage[used] = world.usage.get(used, 0) + times


RECORD_COLUMNS = "trainee_id, exercise, heaviest_weight, best_estimated_1rm, most_reps"
# One body's bests per exercise: (heaviest weight, best 1RM, {weight: most reps}).
Bests = dict[str, tuple[Decimal, float, dict[str, int]]]


def personal_records(world: World, bests_of_body: list[Bests]) -> Iterator[str]:
    """COPY text lines of each trainee's personal records: the bests of the
    bodies they logged, merged as merge_personal_records() merges (a maximum
    of each figure, the most reps at each weight). Each body's bests come
    from the database's own personal_record_bests()."""
    for owner, bodies in world.bodies_of.items():
        merged: Bests = {}
        for body in bodies:
            for exercise, (heaviest, best_1rm, most_reps) in bests_of_body[body].items():
                known = merged.get(exercise)
                if known is None:
                    merged[exercise] = (heaviest, best_1rm, dict(most_reps))
                    continue
                reps = known[2]
                for weight, count in most_reps.items():
                    reps[weight] = max(reps.get(weight, 0), count)
                merged[exercise] = (max(known[0], heaviest), max(known[1], best_1rm), reps)
        trainee = world.trainees[owner]
        for exercise, (heaviest, best_1rm, most_reps) in merged.items():
            yield (
                f"{trainee}\t{_copy_text(exercise)}\t{heaviest}\t{best_1rm!r}"
                f"\t{_copy_text(json.dumps(most_reps))}\n"
            )


def _copy_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


CARD_COLUMNS = (
    "trainee_id, trainer_id, workout_id, workout_date, date, summary, achievements,"
    " areas_for_improvement, next_session_goals, rating, tags, created_at, updated_at"
)


def session_cards(world: World) -> Iterator[Row]:
    """Cards for workouts spread evenly over the history."""
    rng = world.rng
    logged = [ref for month in world.workouts_by_month for ref in month]
    count = world.plan.counts["session_cards"]
    for k in range(count):
        ref = logged[k * len(logged) // count]
        written = dt.datetime.combine(dt.date.fromisoformat(ref.date), dt.time(21), tzinfo=dt.UTC)
        yield (
            ref.trainee,
            ref.trainer,
            ref.id,
            ref.date,
            ref.date,
            "Solid session, good form.",
            ["New squat depth"],
            ["Bracing"],
            ["Add 2.5 kg"],
            rng.randint(3, 5),
            ["strength"],
            min(written, world.now),
            min(written, world.now),
        )


WEIGHT_COLUMNS = "trainee_id, weight, date, body_fat_percentage, created_at"


def body_weights(world: World) -> Iterator[Row]:
    """Weekly weigh-ins, newest first per trainee; entry k is trainee k's
    mod the trainees. The compute_bmi trigger stays on and fills bmi."""
    trainees = world.trainees
    for k in range(world.plan.counts["body_weight_entries"]):
        index, weeks_ago = k % len(trainees), k // len(trainees)
        trainee = trainees[index]
        day = world.today - dt.timedelta(days=7 * weeks_ago + index % 7)
        yield (
            trainee,
            weigh_in(trainee, weeks_ago),
            day,
            15 + trainee.int % 20,
            dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC),
        )
