"""A scratch database per fault test, copied from one migrated once per session."""

import pytest

from tests.faults.scratch import pristine_database


@pytest.fixture(scope="session")
def _pristine_database(tmp_path_factory):
    pristine = pristine_database(tmp_path_factory.mktemp("faults"))
    yield pristine
    pristine.close()


@pytest.fixture
def scratch_database(_pristine_database, tmp_path):
    """A migrated, empty database of the suite's kind that subprocesses reach by DATABASE_URL.

    Processes the test started and left running are killed at the end (PostgreSQL: and the
    database dropped).
    """
    database = _pristine_database.scratch(tmp_path)
    yield database
    database.close()
