"""What learning puts into the search index: courses (title, summary, tags, products) and
lessons (title, module and the words of their text, callouts and code). Quizzes are never
indexed: their questions and answers stay out of every page until an attempt is submitted.
A course's level is its value in the shared status facet.
"""

from django.utils import timezone

from community.search import (
    PageSearchType,
    SearchDocument,
    Tag,
    keep_pages_indexed,
    plain_text,
)

from . import permissions
from .pages import CoursePage, LessonPage, Level


def _lesson_text(lesson: LessonPage) -> str:
    parts = [lesson.module]
    for child in lesson.body:
        if child.block_type == "text":
            parts.append(plain_text(child.value.source))
        elif child.block_type == "callout":
            parts.append(plain_text(child.value["text"].source))
        elif child.block_type == "code":
            parts.append(child.value["code"])
    return " ".join(part for part in parts if part)


class CourseSearch(PageSearchType):
    name = "course"
    model = CoursePage
    label = "Course"
    label_plural = "Courses"
    order = 50
    statuses = dict(Level.choices)

    def status(self, course: CoursePage) -> str:
        return course.level

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        courses = (
            permissions.visible_courses()
            .filter(pk__in=pks)
            .prefetch_related("tags", "products", "industries", "regions")
        )
        documents = []
        for course in courses:
            industries = list(course.industries.all())
            regions = list(course.regions.all())
            products = ", ".join(product.name for product in course.products.all())
            documents.append(
                SearchDocument(
                    kind=self.name,
                    object_id=course.pk,
                    title=course.title,
                    body=f"{course.summary} {products}",
                    heading=course.title,
                    context=f"Course · {course.get_level_display()} · {course.duration_minutes} min",
                    url=course.url or "",
                    created_at=course.first_published_at or timezone.now(),
                    tags=[Tag(tag.slug, tag.name) for tag in course.tags.all()],
                    industry=industries[0].slug if industries else "",
                    region=regions[0].code.lower() if regions else "",
                    audience=course.audience,
                    status=self.status(course),
                )
            )
        return documents


class LessonSearch(PageSearchType):
    name = "lesson"
    model = LessonPage
    label = "Lesson"
    label_plural = "Lessons"
    order = 55

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        lessons = list(permissions.visible_lessons().filter(pk__in=pks))
        courses = {
            course.path: course
            for course in CoursePage.objects.filter(path__in={x.course_path for x in lessons})
        }
        documents = []
        for lesson in lessons:
            course = courses.get(lesson.course_path)
            documents.append(
                SearchDocument(
                    kind=self.name,
                    object_id=lesson.pk,
                    title=lesson.title,
                    body=_lesson_text(lesson),
                    heading=lesson.title,
                    context=f"Lesson · {course.title}" if course else "Lesson",
                    url=lesson.url or "",
                    created_at=lesson.first_published_at or timezone.now(),
                )
            )
        return documents


SEARCH_TYPES = [CourseSearch(), LessonSearch()]


def connect_signals() -> None:
    # Lessons show their course's title.
    keep_pages_indexed(CoursePage, LessonPage, children=(CoursePage, LessonPage))
