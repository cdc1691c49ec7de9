from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "supervision.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        from supervision.monitoring import logs

        logs.connect_request_id_receivers()
