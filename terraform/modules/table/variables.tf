variable "name" {
  type        = string
  description = "Table name, e.g. prod-users."
}

variable "hash_key" {
  type        = string
  description = "Partition key attribute name; it must be declared in attributes."
}

variable "range_key" {
  type        = string
  description = "Sort key attribute name, declared in attributes; null for a partition key only."
  default     = null
}

variable "attributes" {
  type        = map(string)
  description = "Key attributes of the table and its indexes: { name = \"S\" | \"N\" | \"B\" }. Only keys belong here."

  validation {
    condition     = alltrue([for type in values(var.attributes) : contains(["S", "N", "B"], type)])
    error_message = "attributes types must be S, N or B."
  }
}

variable "global_secondary_indexes" {
  type = map(object({
    hash_key           = string
    range_key          = optional(string)
    projection_type    = optional(string, "ALL")
    non_key_attributes = optional(list(string))
  }))
  description = "Global secondary indexes by name; on-demand, so no capacity settings."
  default     = {}
}

variable "ttl_attribute" {
  type        = string
  description = "Numeric attribute holding the expiry epoch seconds; null disables TTL. Readers still check expiry, as TTL deletion is lazy."
  default     = null
}

variable "point_in_time_recovery_days" {
  type        = number
  description = "Days of continuous backups to keep (point-in-time recovery is always on)."
  default     = 35

  validation {
    condition     = var.point_in_time_recovery_days >= 1 && var.point_in_time_recovery_days <= 35
    error_message = "point_in_time_recovery_days must be between 1 and 35."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key for server-side encryption (always on)."
}

variable "deletion_protection" {
  type        = bool
  description = "AWS-side deletion protection; on everywhere but sandbox."
  default     = true
}

variable "stream_view_type" {
  type        = string
  description = "DynamoDB stream view type (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES); null disables the stream."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
