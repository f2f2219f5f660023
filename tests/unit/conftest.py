"""Hypothesis settings for every unit test: no timing checks. On a busy 2-core CI machine the
first draws of a cold run took over 2 s and failed the too_slow health check; how fast inputs are
generated says nothing about the code under test."""

from hypothesis import HealthCheck, settings

settings.register_profile('dockyard', deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile('dockyard')
