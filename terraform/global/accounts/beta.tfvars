# The beta account (placeholder id: replace it, and the same id in environments/beta).
account_id                = "333333333333"
region                    = "us-west-2"
artifact_object_lock_days = 90
