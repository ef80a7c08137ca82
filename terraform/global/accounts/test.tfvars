# The test account (placeholder id: replace it, and the same id in environments/test).
account_id                = "222222222222"
region                    = "us-west-2"
artifact_object_lock_days = null
