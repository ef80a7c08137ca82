variable "account_id" {
  type        = string
  description = "The AWS account whose root principal may use and administer the key (IAM policies then decide who in the account may)."
}
