# The prod account (placeholder id: replace it, and the same id in environments/prod).
account_id                = "444444444444"
region                    = "us-west-2"
artifact_object_lock_days = 365
