"""The words the exercise pages show for the library's values: exercise
types and levels (the exercises domain's schema), and the categories,
muscles and equipment its built-in catalogue uses (also the filters' and
the form's choices). English here; templates translate them with `_()`."""

from __future__ import annotations

from typing import get_args

from spotter.exercises.schemas import Difficulty, ExerciseType
from spotter.web.i18n import N_

TYPES: dict[str, str] = dict(
    zip(
        get_args(ExerciseType),
        (N_("Weight training"), N_("Cardio"), N_("Flexibility")),
        strict=True,
    )
)
LEVELS: dict[str, str] = dict(
    zip(get_args(Difficulty), (N_("Beginner"), N_("Intermediate"), N_("Advanced")), strict=True)
)
CATEGORIES: dict[str, str] = {
    "arms": N_("Arms"),
    "back": N_("Back muscles"),
    "cardio": N_("Cardio"),
    "chest": N_("Chest"),
    "core": N_("Core"),
    "full_body": N_("Full body"),
    "glutes": N_("Glutes"),
    "legs": N_("Legs"),
    "mobility": N_("Mobility"),
    "olympic": N_("Olympic lifting"),
    "shoulders": N_("Shoulders"),
    "stretching": N_("Stretching"),
    "yoga": N_("Yoga"),
}
MUSCLES: dict[str, str] = {
    "abductors": N_("Abductors"),
    "abs": N_("Abs"),
    "adductors": N_("Adductors"),
    "biceps": N_("Biceps"),
    "calves": N_("Calves"),
    "chest": N_("Chest"),
    "forearms": N_("Forearms"),
    "front delts": N_("Front delts"),
    "glutes": N_("Glutes"),
    "hamstrings": N_("Hamstrings"),
    "hip flexors": N_("Hip flexors"),
    "lats": N_("Lats"),
    "lower back": N_("Lower back"),
    "obliques": N_("Obliques"),
    "quadriceps": N_("Quadriceps"),
    "rear delts": N_("Rear delts"),
    "side delts": N_("Side delts"),
    "traps": N_("Traps"),
    "triceps": N_("Triceps"),
    "upper back": N_("Upper back"),
    "upper chest": N_("Upper chest"),
}
EQUIPMENT: dict[str, str] = {
    "ab wheel": N_("Ab wheel"),
    "air bike": N_("Air bike"),
    "barbell": N_("Barbell"),
    "battle ropes": N_("Battle ropes"),
    "bench": N_("Bench"),
    "bicycle": N_("Bicycle"),
    "bodyweight": N_("Bodyweight"),
    "box": N_("Plyo box"),
    "cable": N_("Cable"),
    "dip station": N_("Dip station"),
    "dumbbell": N_("Dumbbell"),
    "elliptical": N_("Elliptical"),
    "ez bar": N_("EZ bar"),
    "foam roller": N_("Foam roller"),
    "heavy bag": N_("Heavy bag"),
    "jump rope": N_("Jump rope"),
    "kettlebell": N_("Kettlebell"),
    "landmine": N_("Landmine"),
    "machine": N_("Machine"),
    "medicine ball": N_("Medicine ball"),
    "pads": N_("Pads"),
    "pull-up bar": N_("Pull-up bar"),
    "rack": N_("Rack"),
    "resistance band": N_("Resistance band"),
    "roman chair": N_("Roman chair"),
    "rowing machine": N_("Rowing machine"),
    "ski erg": N_("Ski erg"),
    "sled": N_("Sled"),
    "smith machine": N_("Smith machine"),
    "stability ball": N_("Stability ball"),
    "stair climber": N_("Stair climber"),
    "stationary bike": N_("Stationary bike"),
    "step platform": N_("Step platform"),
    "swimming pool": N_("Swimming pool"),
    "tire": N_("Tire"),
    "trap bar": N_("Trap bar"),
    "treadmill": N_("Treadmill"),
    "weight plate": N_("Weight plate"),
    "yoga mat": N_("Yoga mat"),
}
# Everything the templates look labels up in, by what the value is.
LABELS = {
    "type": TYPES,
    "difficulty": LEVELS,
    "category": CATEGORIES,
    "muscle": MUSCLES,
    "equipment": EQUIPMENT,
}
