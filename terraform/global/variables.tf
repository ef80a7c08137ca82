variable "account_id" {
  type        = string
  description = "AWS account this root module is applied to; names its buckets."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "region" {
  type        = string
  description = "Region of the buckets; the environments of this account use the same one."
  default     = "us-west-2"
}

variable "artifact_object_lock_days" {
  type        = number
  description = "Object-lock (governance mode) retention of published artifacts in days; null leaves object lock off. Can only be turned on when the bucket is created."
  default     = null
}
