variable "name" {
  type        = string
  description = "Web ACL name; also the prefix of its metric names and of its log group (aws-waf-logs-<name>)."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,100}$", var.name))
    error_message = "name must be 1-100 letters, digits or hyphens."
  }
}

variable "description" {
  type        = string
  description = "What the web ACL protects."
}

variable "resource_arn" {
  type        = string
  description = "ARN of the regional resource the ACL is associated with (an application load balancer)."
}

variable "rate_limits" {
  type = map(object({
    path_prefix = string
    limit       = number
  }))
  description = "Rate-based rules by name: requests per client IP per 5 minutes to paths starting with path_prefix (case-insensitive) above limit are answered 429 with the API's error envelope."

  validation {
    condition     = alltrue([for rule in values(var.rate_limits) : rule.limit >= 10 && startswith(rule.path_prefix, "/")])
    error_message = "each rate limit needs a limit of at least 10 (WAF's lowest) and a path_prefix starting with /."
  }
}

variable "common_rules" {
  type        = bool
  description = "Adds AWS's managed common rule set (AWSManagedRulesCommonRuleSet: oversized bodies, bad inputs, missing User-Agent, ...)."
  default     = true
}

variable "blocked_alarm_threshold" {
  type        = number
  description = "Requests a rate rule blocks in 5 minutes before its alarm fires."
  default     = 100
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the ACL's logs."
  default     = 30
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key encrypting the ACL's log group."
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topic ARNs notified when a rate rule blocks many requests."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
