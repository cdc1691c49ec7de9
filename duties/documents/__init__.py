"""The official documents of the agencies' duties, one module a flow (pure rendering, as
``recommendations.documents``)."""
