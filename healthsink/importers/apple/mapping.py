"""HealthKit identifiers -> the names the live feed stores them under (format doc §7; HAE's names win).

Identifiers are matched in full, never by stripping prefixes (`HKDataTypeSleepDurationGoal` has none, P20).
"""

from __future__ import annotations

import re

_Q = "HKQuantityTypeIdentifier"
_C = "HKCategoryTypeIdentifier"

# quantity types (table quantity_samples unless handled below)
QUANTITY: dict[str, str] = {
    _Q + k: v
    for k, v in {
        "StepCount": "step_count",
        "DistanceWalkingRunning": "walking_running_distance",
        "DistanceCycling": "cycling_distance",
        "DistanceSwimming": "swimming_distance",
        "DistanceWheelchair": "wheelchair_distance",
        "DistanceDownhillSnowSports": "downhill_snow_sports",
        "FlightsClimbed": "flights_climbed",
        "PushCount": "wheelchair_push_count",
        "SwimmingStrokeCount": "swim_stroke_count",
        "ActiveEnergyBurned": "active_energy",
        "BasalEnergyBurned": "basal_energy_burned",
        "AppleExerciseTime": "apple_exercise_time",
        "AppleMoveTime": "apple_move_time",
        "AppleStandTime": "apple_stand_time",
        "VO2Max": "vo2_max",
        "PhysicalEffort": "physical_effort",
        "CyclingCadence": "cycling_cadence",
        "CyclingPower": "cycling_power",
        "CyclingFunctionalThresholdPower": "cycling_functional_threshold_power",
        "CyclingSpeed": "cycling_speed",
        "RunningPower": "running_power",
        "RunningSpeed": "running_speed",
        "RunningGroundContactTime": "running_ground_contact_time",
        "RunningStrideLength": "running_stride_length",
        "RunningVerticalOscillation": "running_vertical_oscillation",
        "UnderwaterDepth": "under_water_depth",
        "WaterTemperature": "under_water_temperature",
        "BodyMass": "weight_body_mass",
        "BodyMassIndex": "body_mass_index",
        "BodyFatPercentage": "body_fat_percentage",
        "LeanBodyMass": "lean_body_mass",
        "Height": "height",
        "WaistCircumference": "waist_circumference",
        "AppleSleepingWristTemperature": "apple_sleeping_wrist_temperature",
        "ElectrodermalActivity": "electrodermal_activity",
        "RestingHeartRate": "resting_heart_rate",
        "WalkingHeartRateAverage": "walking_heart_rate_average",
        "HeartRateRecoveryOneMinute": "cardio_recovery",
        "AtrialFibrillationBurden": "atrial_fibrillation_burden",
        "PeripheralPerfusionIndex": "peripheral_perfusion_index",
        "WalkingSpeed": "walking_speed",
        "WalkingStepLength": "walking_step_length",
        "WalkingAsymmetryPercentage": "walking_asymmetry_percentage",
        "WalkingDoubleSupportPercentage": "walking_double_support_percentage",
        "SixMinuteWalkTestDistance": "six_minute_walking_test_distance",
        "StairAscentSpeed": "stair_speed_up",
        "StairDescentSpeed": "stair_speed_down",
        "AppleWalkingSteadiness": "apple_walking_steadiness",
        "EnvironmentalAudioExposure": "environmental_audio_exposure",
        "HeadphoneAudioExposure": "headphone_audio_exposure",
        "RespiratoryRate": "respiratory_rate",
        "OxygenSaturation": "blood_oxygen_saturation",
        "ForcedExpiratoryVolume1": "forced_expiratory_volume",
        "ForcedVitalCapacity": "forced_vital_capacity",
        "PeakExpiratoryFlowRate": "peak_expiratory_flow_rate",
        "InhalerUsage": "inhaler_usage",
        "AppleSleepingBreathingDisturbances": "breathing_disturbances",
        "BodyTemperature": "body_temperature",
        "BasalBodyTemperature": "basal_body_temperature",
        "BloodGlucose": "blood_glucose",
        "InsulinDelivery": "insulin_delivery",
        "BloodAlcoholContent": "blood_alcohol_content",
        "NumberOfAlcoholicBeverages": "number_of_alcoholic_beverages",
        "NumberOfTimesFallen": "number_of_times_fallen",
        "UVExposure": "uv_exposure",
        "TimeInDaylight": "time_in_daylight",
        "DietaryEnergyConsumed": "dietary_energy",
        "DietaryWater": "dietary_water",
        "DietaryProtein": "protein",
        "DietaryCarbohydrates": "carbohydrates",
        "DietaryFatTotal": "total_fat",
        "DietaryFatSaturated": "saturated_fat",
        "DietaryFatMonounsaturated": "monounsaturated_fat",
        "DietaryFatPolyunsaturated": "polyunsaturated_fat",
        "DietaryFiber": "fiber",
        "DietarySugar": "dietary_sugar",
        "DietaryCholesterol": "dietary_cholesterol",
        "DietaryCaffeine": "dietary_caffeine",
        "DietaryBiotin": "dietary_biotin",
        "HeartRateVariabilitySDNN": "heart_rate_variability",
        **{
            "Dietary" + n: re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", n).lower()
            for n in (
                "Calcium",
                "Chloride",
                "Chromium",
                "Copper",
                "Folate",
                "Iodine",
                "Iron",
                "Magnesium",
                "Manganese",
                "Molybdenum",
                "Niacin",
                "PantothenicAcid",
                "Phosphorus",
                "Potassium",
                "Riboflavin",
                "Selenium",
                "Sodium",
                "Thiamin",
                "VitaminA",
                "VitaminB6",
                "VitaminB12",
                "VitaminC",
                "VitaminD",
                "VitaminE",
                "VitaminK",
                "Zinc",
            )
        },
    }.items()
}

HEART_RATE = _Q + "HeartRate"
HRV = _Q + "HeartRateVariabilitySDNN"
# children of a blood pressure Correlation; their top-level copies are skipped (the DTD says every child
# also appears at top level)
SYSTOLIC, DIASTOLIC = _Q + "BloodPressureSystolic", _Q + "BloodPressureDiastolic"
BLOOD_PRESSURE = "HKCorrelationTypeIdentifierBloodPressure"

SLEEP = _C + "SleepAnalysis"
# every iOS generation's values (HKCategoryValues.h) -> HAE's unaggregated stage names; very old files wrote
# the enum's number
SLEEP_STAGES = {
    "HKCategoryValueSleepAnalysisInBed": "InBed",
    "HKCategoryValueSleepAnalysisAsleep": "Asleep",
    "HKCategoryValueSleepAnalysisAsleepUnspecified": "Asleep",
    "HKCategoryValueSleepAnalysisAwake": "Awake",
    "HKCategoryValueSleepAnalysisAsleepCore": "Core",
    "HKCategoryValueSleepAnalysisAsleepDeep": "Deep",
    "HKCategoryValueSleepAnalysisAsleepREM": "REM",
    "0": "InBed",
    "1": "Asleep",
    "2": "Awake",
    "3": "Core",
    "4": "Deep",
    "5": "REM",
}

# categories stored as a quantity: name, unit, and how the value is made
MINDFUL, STAND_HOUR, SEXUAL = _C + "MindfulSession", _C + "AppleStandHour", _C + "SexualActivity"
DURATION_CATEGORIES = {  # qty = the sample's length
    MINDFUL: ("mindful_minutes", "min", 60.0),
    _C + "HandwashingEvent": ("handwashing", "s", 1.0),
    _C + "ToothbrushingEvent": ("toothbrushing", "s", 1.0),
}

HR_EVENTS = {
    _C + "HighHeartRateEvent": "high_heart_rate_notification",
    _C + "LowHeartRateEvent": "low_heart_rate_notification",
    _C + "IrregularHeartRhythmEvent": "irregular_rhythm_notification",
}

SYMPTOMS = frozenset(
    _C + n
    for n in (
        "AbdominalCramps",
        "Acne",
        "AppetiteChanges",
        "BladderIncontinence",
        "Bloating",
        "BreastPain",
        "ChestTightnessOrPain",
        "Chills",
        "Constipation",
        "Coughing",
        "Diarrhea",
        "Dizziness",
        "DrySkin",
        "Fainting",
        "Fatigue",
        "Fever",
        "GeneralizedBodyAche",
        "HairLoss",
        "Headache",
        "Heartburn",
        "HotFlashes",
        "LossOfSmell",
        "LossOfTaste",
        "LowerBackPain",
        "MemoryLapse",
        "MoodChanges",
        "Nausea",
        "NightSweats",
        "PelvicPain",
        "RapidPoundingOrFlutteringHeartbeat",
        "RunnyNose",
        "ShortnessOfBreath",
        "SinusCongestion",
        "SkippedHeartbeat",
        "SleepChanges",
        "SoreThroat",
        "VaginalDryness",
        "Vomiting",
        "Wheezing",
    )
)

CYCLE = frozenset(
    _C + n
    for n in (
        "MenstrualFlow",
        "IntermenstrualBleeding",
        "CervicalMucusQuality",
        "OvulationTestResult",
        "PregnancyTestResult",
        "ProgesteroneTestResult",
        "Contraceptive",
        "Lactation",
        "Pregnancy",
        "InfrequentMenstrualCycles",
        "IrregularMenstrualCycles",
        "PersistentIntermenstrualBleeding",
        "ProlongedMenstrualPeriods",
        "BleedingDuringPregnancy",
        "BleedingAfterPregnancy",
        "VaginalBleeding",
    )
)

# not health data: goals and settings
SKIPPED = frozenset({"HKDataTypeSleepDurationGoal"})

# the export's unit spellings that the live feed writes otherwise
UNIT_SPELLINGS = {"mL/min·kg": "ml/(kg·min)", "Cal": "kcal"}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_PREFIX = re.compile(r"^HK(?:Quantity|Category|Correlation|Data)Type(?:Identifier)?")


def words(camel: str) -> str:
    """'ChestTightnessOrPain' -> 'Chest Tightness Or Pain'."""
    return _CAMEL.sub(" ", camel)


def tail(identifier: str) -> str:
    return _PREFIX.sub("", identifier)


def own_name(identifier: str) -> str:
    """A type not in the table keeps its own name: 'HKQuantityTypeIdentifierFooBar' -> 'foo_bar'."""
    return _CAMEL.sub("_", tail(identifier)).lower() or identifier


def enum_value(value: str | None, type_tail: str) -> str | None:
    """'HKCategoryValueCervicalMucusQualityEggWhite' -> 'Egg White'; 'HKCategoryValueSeverityNotPresent' ->
    'Not Present'."""
    if not value:
        return None
    v = value
    for prefix in (
        "HKCategoryValue" + type_tail,
        "HKCategoryValueSeverity",
        "HKCategoryValuePresence",
        "HKCategoryValue",
    ):
        if v.startswith(prefix) and len(v) > len(prefix):
            v = v[len(prefix) :]
            break
    return words(v)
