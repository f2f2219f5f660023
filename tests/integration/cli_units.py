"""Sizes as the docker CLI prints them (go-units HumanSizeWithPrecision), to compare module output with it."""


def human_size(size, digits=4):
    """Decimal units and `digits` significant digits: docker system df uses 4, docker stats 3."""
    units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']
    index = 0
    while size >= 1000 and index < len(units) - 1:
        size /= 1000.0
        index += 1
    return '%.*g%s' % (digits, size, units[index])
