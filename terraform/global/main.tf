provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project   = "idp-backend"
      ManagedBy = "terraform"
      Layer     = "global"
    }
  }
}

module "state_key_policy" {
  source = "../modules/key_administration"

  account_id = var.account_id
}

# Terraform state holds every resource's attributes (never a secret value: those are write-only).
resource "aws_kms_key" "state" {
  description             = "Terraform state of every environment in this account"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = module.state_key_policy.json

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "state" {
  name          = "alias/terraform-state"
  target_key_id = aws_kms_key.state.key_id
}

# Locking is S3-native (use_lockfile): Terraform >= 1.10 writes a .tflock object beside the state,
# so no DynamoDB lock table is needed (Terraform 1.11 deprecates DynamoDB locking).
module "state_bucket" {
  source = "../modules/bucket"

  name                               = "idp-backend-tfstate-${var.account_id}"
  kms_key_arn                        = aws_kms_key.state.arn
  noncurrent_version_expiration_days = 365
}

# Artifacts are immutable: keys carry the commit SHA, and with object lock not even an operator can
# overwrite a published release within the retention period.
module "artifact_bucket" {
  source = "../modules/bucket"

  name                               = "idp-backend-artifacts-${var.account_id}"
  object_lock                        = var.artifact_object_lock_days == null ? null : { mode = "GOVERNANCE", days = var.artifact_object_lock_days }
  noncurrent_version_expiration_days = 30
}
