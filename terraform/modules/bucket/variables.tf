variable "name" {
  type        = string
  description = "Globally unique bucket name."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name))
    error_message = "name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for SSE-KMS (always on); null uses the AWS-managed aws/s3 key."
  default     = null
}

variable "versioning" {
  type        = bool
  description = "Keep every version of every object (required with object lock)."
  default     = true
}

variable "object_lock" {
  type = object({
    mode = string
    days = number
  })
  description = "Default object-lock retention (GOVERNANCE or COMPLIANCE) for write-once buckets such as the artifact bucket; null leaves object lock off. Only settable when the bucket is created."
  default     = null

  validation {
    condition     = var.object_lock == null || contains(["GOVERNANCE", "COMPLIANCE"], try(var.object_lock.mode, ""))
    error_message = "object_lock.mode must be GOVERNANCE or COMPLIANCE."
  }
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days after which overwritten or deleted versions expire; null keeps them forever."
  default     = 90
}

variable "expiration_rules" {
  type = map(object({
    prefix = string
    days   = number
  }))
  description = "Current-version expiry by rule id: objects under prefix expire after days (e.g. uploaded images after 1 day)."
  default     = {}
}

variable "policy_statements" {
  type = list(object({
    sid                   = string
    actions               = list(string)
    principal_type        = string
    principal_identifiers = list(string)
    resource_paths        = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  description = "Allow statements added to the bucket policy; resource_paths are object key patterns relative to the bucket (\"\" is the bucket itself, \"uploads/*\" its objects under uploads/)."
  default     = []
}

variable "cors_rules" {
  type = list(object({
    allowed_methods = list(string)
    allowed_origins = list(string)
    allowed_headers = optional(list(string), [])
    expose_headers  = optional(list(string), [])
    max_age_seconds = optional(number, 3000)
  }))
  description = "CORS rules, e.g. for browsers that PUT to pre-signed URLs; empty means no CORS."
  default     = []
}

variable "queue_notifications" {
  type = map(object({
    queue_arn = string
    events    = list(string)
    prefix    = optional(string)
    suffix    = optional(string)
  }))
  description = "S3 event notifications to SQS by id. The queue's policy must allow s3.amazonaws.com to SendMessage with aws:SourceArn set to this bucket."
  default     = {}
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
