variable "name" {
  type        = string
  description = "Identity pool name (letters, digits, spaces, _ and -), also the prefix of its role."
}

variable "developer_provider_name" {
  type        = string
  description = "The developer provider name logins use as the Logins key (e.g. login.accounts.sandbox); it cannot change once set."
}

variable "authenticated_policy_statements" {
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  description = "What federated users may do with their credentials: exact actions on exact ARNs. None by default."
  default     = []

  validation {
    condition     = alltrue([for statement in var.authenticated_policy_statements : alltrue([for action in statement.actions : !strcontains(action, "*")])])
    error_message = "authenticated_policy_statements must name exact actions: no \"*\" wildcards."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
