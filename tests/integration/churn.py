"""Reading beside writers: the races of a daemon read that meets objects another client removes."""

import contextlib
import threading


@contextlib.contextmanager
def churning(make, remove, names=('churn',)):
    """One writer thread per name, making and removing that object without a pause (a CI job, a
    prune loop) until the block ends."""
    done = threading.Event()

    def churn(name):
        while not done.is_set():
            make(name)
            remove(name)

    writers = [threading.Thread(target=churn, args=(name,)) for name in names]
    for writer in writers:
        writer.start()
    try:
        yield
    finally:
        done.set()
        for writer in writers:
            writer.join()


def failures(results):
    """The messages of the module results that failed."""
    return [result['msg'] for result in results if result.failed]
