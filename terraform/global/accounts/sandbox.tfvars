# The sandbox account (placeholder id: replace it, and the same id in environments/sandbox).
account_id                = "111111111111"
region                    = "us-west-2"
artifact_object_lock_days = null
