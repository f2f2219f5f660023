"""Hypothesis settings for every unit test: no timing checks. On a busy 2-core CI machine the
first draws of a cold run took over 2 s and failed the too_slow health check; how fast inputs are
generated says nothing about the code under test.

HYPOTHESIS_PROFILE picks another profile: `fuzz` is the long search of the parsers, outside
`make test` (HYPOTHESIS_FUZZ_EXAMPLES examples per test; the default takes about 10 minutes here):
    HYPOTHESIS_PROFILE=fuzz python -m pytest tests/unit/test_*fuzz*.py
"""

import os

from hypothesis import HealthCheck, settings

QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile('dockyard', deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile('fuzz', deadline=None, suppress_health_check=QUIET, print_blob=True,
                          max_examples=int(os.environ.get('HYPOTHESIS_FUZZ_EXAMPLES', '6000')))
settings.load_profile(os.environ.get('HYPOTHESIS_PROFILE', 'dockyard'))
