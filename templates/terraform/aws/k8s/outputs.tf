output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "endpoint" {
  description = "URL of the Kubernetes API server (credentials come from the AWS CLI, see kubeconfig_command)."
  value       = aws_eks_cluster.this.endpoint
}

output "kubeconfig_command" {
  description = "How to point kubectl at the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${aws_eks_cluster.this.name}"
}
