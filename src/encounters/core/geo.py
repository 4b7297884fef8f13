"""Distances on the globe, shared by the stages that compare places.

In: two (latitude, longitude) points in degrees. Out: the great-circle distance in kilometres.
"""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance between two points, in kilometres."""
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
