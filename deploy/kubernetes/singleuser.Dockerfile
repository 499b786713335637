# A trainee's server: the course and nothing else (`commonground hub serve`).
# Build from the repository root:
#   docker build -f deploy/kubernetes/singleuser.Dockerfile -t registry.example.org/commonground/singleuser:0.1.0 .
FROM python:3.11-slim
RUN useradd --create-home --uid 1000 jovyan
WORKDIR /srv/commonground
COPY . .
RUN pip install --no-cache-dir -e '.[hub]'  # editable: the course finds modules/ and content/ here
USER 1000
ENV COMMONGROUND_CONTENT=/srv/commonground/content
CMD ["commonground", "hub", "serve"]
