from django import template

register = template.Library()


@register.simple_tag
def report_formats(identifier: str) -> tuple[str, ...]:
    """The formats the registry's report `identifier` comes in (the download buttons to show)."""
    from reports.registry import EXPORTERS

    exporter = EXPORTERS.get(identifier)
    return exporter.formats if exporter else ()
