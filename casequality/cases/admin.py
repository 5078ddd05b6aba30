from django.contrib import admin

from casequality.cases import models


class OrderInline(admin.TabularInline):
    model = models.Order
    extra = 0


class AssessmentInline(admin.StackedInline):
    model = models.Assessment
    extra = 0


class PlanInline(admin.StackedInline):
    model = models.Plan
    extra = 0


class ReportInline(admin.StackedInline):
    model = models.Report
    extra = 0


class EventInline(admin.TabularInline):
    model = models.Event
    extra = 0


@admin.register(models.Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("ref", "service", "case_manager", "team", "closed_on")
    list_filter = ("service", "team")
    search_fields = ("ref",)
    inlines = [OrderInline, ReportInline, AssessmentInline, PlanInline, EventInline]


admin.site.register(models.Service)
admin.site.register(models.Team)


@admin.register(models.Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("ref", "name", "role", "team", "manager", "service")
    list_filter = ("service", "role", "team")
