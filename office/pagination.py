"""Pagination of long lists whose last pages cost what their first pages cost.

A page deep in a list of a million files is, in SQL, OFFSET 999,975: the database reads and
throws away every row before it. The second half of a list is the first half of the same
list read the other way, so a page past the middle is fetched in reverse order with an
offset from the end, then turned round. The last page costs what the first one does; the
middle is the dearest (half the list), and is what a person paging by hand never reaches.

The list must be a queryset with a total order (ending with a unique column, e.g. "-pk"),
or reversing it would not give the same rows.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class ListPaginator(Paginator):
    """Django's Paginator; pages past the middle read from the end. `count`: the number of
    rows when the caller has counted them already (no second COUNT)."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **options):
        super().__init__(object_list, per_page, **options)
        if count is not None:
            self.__dict__["count"] = count  # the cached_property's slot

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not (isinstance(rows, QuerySet) and rows.ordered and bottom > self.count // 2):
            return super().page(number)
        from_end = list(rows.reverse()[self.count - top : self.count - bottom])
        from_end.reverse()
        return self._get_page(from_end, number, self)
